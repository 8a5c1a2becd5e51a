//===- ExtOps.td - the ext dialect: Kiln extended out of tree -*- tablegen -*-===//

#ifndef EXT_EXTOPS_TD
#define EXT_EXTOPS_TD

include "mlir/IR/OpBase.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
// Kiln's autodiff interface, from the installed Kiln.
include "kiln/Dialect/Kiln/IR/KilnInterfaces.td"

def Ext_Dialect : Dialect {
  let name = "ext";
  let cppNamespace = "::ext";
  let summary = "An example of a dialect extending Kiln out of tree";
  // Its folder and VJP rule make kiln ops.
  let dependentDialects = ["::mlir::kiln::KilnDialect"];
  let hasConstantMaterializer = 1;
}

def Ext_FloatTensor : RankedTensorOf<[F16, BF16, F32, F64]>;

def Ext_SoftplusOp : Op<Ext_Dialect, "softplus", [Pure,
    SameOperandsAndResultType,
    DeclareOpInterfaceMethods<Kiln_VJPOpInterface>]> {
  let summary = "log(1 + exp(x)), elementwise";
  let description = [{
    A smooth ReLU. Constant operands fold; kiln-autodiff differentiates it
    through its VJP rule (the gradient is `sigmoid(x)`), and
    `ext-lower-to-kiln` rewrites it into kiln ops.

    ```mlir
    %y = ext.softplus %x : tensor<4xf32>
    ```
  }];
  let arguments = (ins Ext_FloatTensor:$input);
  let results = (outs Ext_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasFolder = 1;
}

#endif // EXT_EXTOPS_TD
