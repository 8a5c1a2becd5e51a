/* Test driver for the AOT test: runs kiln_mlp (examples/mlp.mlir) on inputs
 * read from raw float32 files and writes the result as raw float32.
 *   mlp_driver BATCH x.bin w1.bin b1.bin w2.bin b2.bin out.bin */
#include "mlp.h"

#include <stdio.h>
#include <stdlib.h>

static float *readFloats(const char *path, long count) {
  FILE *f = fopen(path, "rb");
  float *data = malloc(sizeof(float) * count);
  if (!f || fread(data, sizeof(float), count, f) != (size_t)count) {
    fprintf(stderr, "cannot read %ld floats from %s\n", count, path);
    exit(2);
  }
  fclose(f);
  return data;
}

int main(int argc, char **argv) {
  if (argc != 8)
    return 2;
  long batch = atol(argv[1]);
  float *x = readFloats(argv[2], batch * 784);
  float *w1 = readFloats(argv[3], 784 * 128), *b1 = readFloats(argv[4], 128);
  float *w2 = readFloats(argv[5], 128 * 10), *b2 = readFloats(argv[6], 10);
  kiln_result out;
  int status = kiln_mlp(x, batch, w1, b1, w2, b2, &out);
  if (status != KILN_OK) {
    fprintf(stderr, "kiln_mlp: %d %s\n", status, kiln_last_error());
    return 1;
  }
  if (out.rank != 2 || out.shape[0] != batch || out.shape[1] != 10) {
    fprintf(stderr, "unexpected result shape\n");
    return 1;
  }
  FILE *f = fopen(argv[7], "wb");
  fwrite(out.data, sizeof(float), batch * 10, f);
  fclose(f);
  kiln_result_free(&out);
  free(x), free(w1), free(b1), free(w2), free(b2);
  return 0;
}
