//===- NativeMath.cpp - libdevice calls that are one PTX instruction ------===//
//
// kiln-gpu-native-math: convert-gpu-to-nvvm turns math.floor into a call
// of libdevice's __nv_floorf, which Kiln does not link; floor is one PTX
// instruction (cvt.rmi.f32.f32), so the call becomes llvm.intr.floor.
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/GPU/Passes.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/StringSwitch.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_KILNGPUNATIVEMATH
#include "kiln/Codegen/GPU/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

/// The intrinsic that computes libdevice's `name` (`__nv_floorf`), or null.
static Operation *createIntrinsic(RewriterBase &rewriter, LLVM::CallOp call,
                                  StringRef name) {
  Location loc = call.getLoc();
  ValueRange args = call.getArgOperands();
  // f32 functions end in `f`: __nv_floorf, __nv_floor.
  StringRef base = name;
  if (!base.consume_front("__nv_"))
    return nullptr;
  Type type = call.getNumResults() == 1 ? call.getResult().getType() : Type();
  if (!type || !isa<FloatType>(type))
    return nullptr;
  if (type.isF32() && !base.consume_back("f"))
    return nullptr;
  auto unary = [&](auto tag) -> Operation * {
    using Op = decltype(tag);
    if (args.size() != 1)
      return nullptr;
    return Op::create(rewriter, loc, type, args[0]);
  };
  auto binary = [&](auto tag) -> Operation * {
    using Op = decltype(tag);
    if (args.size() != 2)
      return nullptr;
    return Op::create(rewriter, loc, type, args[0], args[1]);
  };
  if (base == "floor")
    return unary(LLVM::FFloorOp());
  if (base == "ceil")
    return unary(LLVM::FCeilOp());
  if (base == "trunc")
    return unary(LLVM::FTruncOp());
  if (base == "rint")
    return unary(LLVM::RintOp());
  if (base == "round")
    return unary(LLVM::RoundOp());
  if (base == "sqrt")
    return unary(LLVM::SqrtOp());
  if (base == "fabs")
    return unary(LLVM::FAbsOp());
  if (base == "fmin")
    return binary(LLVM::MinNumOp());
  if (base == "fmax")
    return binary(LLVM::MaxNumOp());
  if (base == "copysign")
    return binary(LLVM::CopySignOp());
  if (base == "fma" && args.size() == 3)
    return LLVM::FMAOp::create(rewriter, loc, type, args[0], args[1], args[2]);
  return nullptr;
}

namespace {
struct KilnGpuNativeMathPass
    : public kiln::impl::KilnGpuNativeMathBase<KilnGpuNativeMathPass> {
  void runOnOperation() override {
    gpu::GPUModuleOp module = getOperation();
    IRRewriter rewriter(&getContext());
    SmallVector<LLVM::CallOp> calls;
    module.walk([&](LLVM::CallOp call) { calls.push_back(call); });
    for (LLVM::CallOp call : calls) {
      std::optional<StringRef> callee = call.getCallee();
      if (!callee)
        continue;
      rewriter.setInsertionPoint(call);
      if (Operation *intrinsic = createIntrinsic(rewriter, call, *callee))
        rewriter.replaceOp(call, intrinsic->getResults());
    }
    // Declarations nothing calls any more.
    for (auto function :
         llvm::make_early_inc_range(module.getOps<LLVM::LLVMFuncOp>()))
      if (function.isExternal() && function.getName().starts_with("__nv_") &&
          function.symbolKnownUseEmpty(module))
        function.erase();
  }
};
} // namespace
