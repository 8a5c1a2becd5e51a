//===- Passes.td - kiln graph passes -----------------------*- tablegen -*-===//
//
// Passes over kiln ops only: autodiff, decomposition, runtime checks. Code
// generation (everything after kiln ops are gone) is in kiln/Codegen.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECT_KILN_TRANSFORMS_PASSES_TD
#define KILN_DIALECT_KILN_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def KilnDecompose : Pass<"kiln-decompose"> {
  let summary = "Rewrite composite ops into kiln primitives";
  let description = [{
    Rewrites the composite ops into primitives so that later passes (fusion
    in particular) see through them:

    - `softmax(x)` -> `e / reduce_sum(e)` with `e = exp(x - reduce_max(x))`;
    - `log_softmax(x)` -> `(x - m) - log(reduce_sum(exp(x - m)))`,
      `m = reduce_max(x)`;
    - `gelu(x)` -> `x * 0.5 * (1 + erf(x * 0.70710678...))`;
    - `cross_entropy(logits, labels)` -> `-reduce_mean(reduce_sum(select(
      onehot, log_softmax(logits), 0)))`, the one-hot mask comparing the
      labels with the class indices (a select, so a -inf logit gives no NaN);
      it needs a static class count and leaves the op alone otherwise.

    The reductions inside softmax and log_softmax keep the reduced axis so
    that the subtraction and division broadcast; dynamic dimensions are
    supported.
  }];
  let dependentDialects = ["::mlir::kiln::KilnDialect"];
}

def KilnAutodiff : Pass<"kiln-autodiff", "::mlir::ModuleOp"> {
  let summary = "Expand kiln.grad and kiln.value_and_grad (reverse mode)";
  let description = [{
    Replaces every `kiln.grad` / `kiln.value_and_grad` with a call to a
    generated private function `@<callee>_grad[_value]_wrt<i>_<j>...` that
    runs the forward computation and then the reverse sweep:

    - the callee is cloned, grad ops inside it are expanded first (so
      gradients of gradients work), and every `func.call` is inlined;
    - the loss gets the seed (1 for a 0-d loss, the cotangent operand
      otherwise), and ops are visited in reverse order, each building its
      operands' gradients through `VJPOpInterface` (the pass knows no op by
      name); gradients of a value used several times are summed;
    - values with integer or bool types get no gradient; an op on float
      tensors without a VJP rule is an error;
    - `kiln.if` is differentiated by a reverse `kiln.if` on the same
      predicate whose regions recompute the taken branch and differentiate
      it, yielding the gradients of the values the branch reads from outside.

    - `kiln.for` and `kiln.while` are differentiated with a tape: the
      forward loop is rebuilt as a `kiln.for` that stores the loop-carried
      values its body reads at the start of every iteration, on tapes (one
      tensor per value, leading dimension the iteration) sized by the trip
      count. A `kiln.while`, whose trip count is known only when it ends,
      first runs once with a counter added; a tape grown inside the loop
      would be copied on every iteration by bufferization, so the taping
      loop runs its test-and-body pairs again over the counted trips. The
      reverse `kiln.for` recomputes each iteration from its tape entry and
      differentiates it, last iteration first, carrying the gradients of the
      loop-carried values and summing those of the values the body reads
      from outside. Memory grows linearly with the trip count. A dynamic
      dimension of a loop-carried value must keep its size across
      iterations (checked at run time).

    Saving rule: forward values at function level are kept (the reverse
    sweep reads them directly); values inside a branch or a loop body are
    recomputed in the reverse branch or loop body (a loop saves only its
    loop-carried values, once per iteration), so memory is one copy of the
    loop-carried state per iteration rather than every intermediate.

    The output is ordinary kiln IR (with `tensor.dim`, `tensor.cast` and
    slices as shape glue), so canonicalize, CSE and every later pass apply.
  }];
  let dependentDialects = [
    "::mlir::kiln::KilnDialect", "::mlir::func::FuncDialect",
    "::mlir::tensor::TensorDialect", "::mlir::arith::ArithDialect",
    "::mlir::cf::ControlFlowDialect",
  ];
}

#endif // KILN_DIALECT_KILN_TRANSFORMS_PASSES_TD
