/* Runs the two-layer perceptron of examples/mlp.mlir, compiled ahead of time:
 *
 *   build/bin/kilnc examples/mlp.mlir -o mlp.o        (writes mlp.o, mlp.h)
 *   cc examples/demo.c mlp.o -I. -Iinclude -Lbuild/lib -lkiln_runtime -l:libomp.so.5 -lm -o demo
 *   ./demo
 *
 * The weights are a fixed pseudo-random pattern; the program prints the
 * class probabilities of four inputs. */
#include "mlp.h"

#include <stdio.h>
#include <stdlib.h>

static float pattern(int64_t i, float scale) {
  /* A deterministic value in [-scale, scale]. */
  uint32_t h = (uint32_t)i * 2654435761u;
  return scale * ((float)(h >> 8) / (float)(1u << 24) * 2.0f - 1.0f);
}

static float *filled(int64_t count, int64_t seed, float scale) {
  float *data = malloc(sizeof(float) * count);
  for (int64_t i = 0; i < count; ++i)
    data[i] = pattern(i + seed, scale);
  return data;
}

int main(void) {
  const int64_t batch = 4;
  float *x = filled(batch * 784, 1, 1.0f);
  float *w1 = filled(784 * 128, 2, 0.05f), *b1 = filled(128, 3, 0.1f);
  float *w2 = filled(128 * 10, 4, 0.2f), *b2 = filled(10, 5, 0.1f);

  kiln_result probabilities;
  if (kiln_mlp(x, batch, w1, b1, w2, b2, &probabilities) != KILN_OK) {
    fprintf(stderr, "mlp failed: %s\n", kiln_last_error());
    return 1;
  }
  const float *p = probabilities.data;
  for (int64_t n = 0; n < probabilities.shape[0]; ++n) {
    int best = 0;
    for (int c = 0; c < 10; ++c)
      if (p[n * 10 + c] > p[n * 10 + best])
        best = c;
    printf("input %lld: class %d (p = %.3f)\n", (long long)n, best,
           p[n * 10 + best]);
  }
  kiln_result_free(&probabilities);
  free(x), free(w1), free(b1), free(w2), free(b2);
  return 0;
}
