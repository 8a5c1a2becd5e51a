//===- ExtPasses.td - passes of the ext dialect ------------*- tablegen -*-===//

#ifndef EXT_EXTPASSES_TD
#define EXT_EXTPASSES_TD

include "mlir/Pass/PassBase.td"

def ExtLowerToKiln : Pass<"ext-lower-to-kiln"> {
  let summary = "Rewrite ext ops into kiln ops";
  let description = [{
    `ext.softplus x` becomes `relu(x) + log(1 + exp(-|x|))`, which cannot
    overflow, so that Kiln's pipelines compile what is left.
  }];
  let dependentDialects = ["::mlir::kiln::KilnDialect"];
}

#endif // EXT_EXTPASSES_TD
