//===- KilnCodegen.cpp - code generation attributes -----------------------===//
//
// The `kiln_codegen` dialect: the kernel attribute, its verifier, and the
// check that it marks a kernel loop with one loop per tiled dimension.
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/IR/KilnCodegen.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::kiln;

/// `[1, 2, 3]` or `[]`.
static ParseResult parseIntList(AsmParser &parser,
                                SmallVector<int64_t> &values) {
  return parser.parseCommaSeparatedList(AsmParser::Delimiter::Square,
                                        [&]() -> ParseResult {
                                          int64_t value;
                                          if (parser.parseInteger(value))
                                            return failure();
                                          values.push_back(value);
                                          return success();
                                        });
}

/// `[1, 2, 3]`, as parsed above and quoted in diagnostics.
static std::string formatIntList(ArrayRef<int64_t> values) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << '[';
  llvm::interleaveComma(values, os);
  os << ']';
  return text;
}

static void printIntList(AsmPrinter &printer, ArrayRef<int64_t> values) {
  printer << formatIntList(values);
}

#include "kiln/Codegen/IR/KilnCodegenDialect.cpp.inc"
#include "kiln/Codegen/IR/KilnCodegenEnums.cpp.inc"
#define GET_ATTRDEF_CLASSES
#include "kiln/Codegen/IR/KilnCodegenAttrs.cpp.inc"

void KilnCodegenDialect::initialize() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "kiln/Codegen/IR/KilnCodegenAttrs.cpp.inc"
      >();
}

LogicalResult KernelAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                 int64_t id, KernelStrategy strategy,
                                 ArrayRef<int64_t> tileSizes,
                                 ArrayRef<int64_t> registerTile) {
  if (id < 0)
    return emitError() << "kernel id must be non-negative, got " << id;
  if (llvm::any_of(tileSizes, [](int64_t size) { return size < 0; }))
    return emitError() << "tile sizes must be non-negative (0 leaves a loop "
                          "untiled), got "
                       << formatIntList(tileSizes);
  if (llvm::all_of(tileSizes, [](int64_t size) { return size == 0; }))
    return emitError() << "a kernel must tile at least one loop, got "
                          "tile sizes "
                       << formatIntList(tileSizes);
  if (!registerTile.empty() && registerTile.size() != tileSizes.size())
    return emitError() << "register tile " << formatIntList(registerTile)
                       << " has " << registerTile.size()
                       << " sizes, the tile sizes " << formatIntList(tileSizes)
                       << " " << tileSizes.size()
                       << " (one per loop of the root)";
  if (llvm::any_of(registerTile, [](int64_t size) { return size < 1; }))
    return emitError() << "register tile sizes must be positive, got "
                       << formatIntList(registerTile);
  return success();
}

unsigned KernelAttr::getNumTiledLoops() const {
  return llvm::count_if(getTileSizes(), [](int64_t size) { return size != 0; });
}

LogicalResult
KilnCodegenDialect::verifyOperationAttribute(Operation *op,
                                             NamedAttribute attribute) {
  if (attribute.getName() == getOutlinedAttrName()) {
    // Kept through the lowering of the function to LLVM.
    if (!isa<UnitAttr>(attribute.getValue()) || !isa<FunctionOpInterface>(op))
      return op->emitError() << "'" << getOutlinedAttrName()
                             << "' is a unit attribute of a function";
    return success();
  }
  if (attribute.getName() != getKernelAttrName())
    return op->emitError() << "unknown kiln_codegen attribute '"
                           << attribute.getName().getValue() << "'";
  auto kernel = dyn_cast<KernelAttr>(attribute.getValue());
  if (!kernel)
    return op->emitError() << "'" << getKernelAttrName()
                           << "' must be a #kiln_codegen.kernel, got "
                           << attribute.getValue();
  auto loop = dyn_cast<scf::ForallOp>(op);
  if (!loop)
    return op->emitError() << "'" << getKernelAttrName()
                           << "' marks a kernel's scf.forall, not '"
                           << op->getName() << "'";
  if (loop.getRank() != static_cast<int64_t>(kernel.getNumTiledLoops()))
    return op->emitError() << "kernel " << kernel.getId() << " tiles "
                           << kernel.getNumTiledLoops() << " loops (tile sizes "
                           << formatIntList(kernel.getTileSizes())
                           << ") but its scf.forall has " << loop.getRank();
  return success();
}

KernelAttr kiln::getKernelAttr(Operation *op) {
  return op->getAttrOfType<KernelAttr>(KilnCodegenDialect::getKernelAttrName());
}

void kiln::setKernelAttr(Operation *op, KernelAttr kernel) {
  op->setAttr(KilnCodegenDialect::getKernelAttrName(), kernel);
}

bool kiln::isOutlinedKernel(Operation *function) {
  return function->hasAttr(KilnCodegenDialect::getOutlinedAttrName());
}

void kiln::markOutlinedKernel(Operation *function) {
  function->setAttr(KilnCodegenDialect::getOutlinedAttrName(),
                    UnitAttr::get(function->getContext()));
}
