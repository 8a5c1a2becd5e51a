/* Calls the MLP of examples/mlp.mlir (batch 3) through its generated
 * header and prints the probabilities, one line per row; with
 * KILN_TEST_DEVICE_API (a GPU model) also through kiln_mlp_device on
 * device buffers. Exits 2 with the status and message on an error. */
#include "mlp.h"

#include <stdio.h>
#include <stdlib.h>

#define BATCH 3

static float x[BATCH * 784], w1[784 * 128], b1[128], w2[128 * 10], b2[10];

static void fill(float *data, int count, float scale) {
  for (int i = 0; i < count; ++i)
    data[i] = scale * (float)((i * 37 % 101) - 50) / 50.0f;
}

static int report(int status) {
  if (status == KILN_OK)
    return 0;
  printf("error %d: %s\n", status, kiln_last_error());
  exit(2);
}

int main(void) {
  fill(x, BATCH * 784, 1.0f);
  fill(w1, 784 * 128, 0.05f);
  fill(b1, 128, 0.1f);
  fill(w2, 128 * 10, 0.2f);
  fill(b2, 10, 0.1f);
  kiln_result probabilities;
  report(kiln_mlp(x, BATCH, w1, b1, w2, b2, &probabilities));
  const float *p = probabilities.data;
  for (int r = 0; r < BATCH; ++r) {
    for (int c = 0; c < 10; ++c)
      printf("%s%.6f", c ? " " : "", p[r * 10 + c]);
    printf("\n");
  }
  kiln_result_free(&probabilities);
#ifdef KILN_TEST_DEVICE_API
  /* The same call on device pointers. */
  void *dx, *dw1, *db1, *dw2, *db2;
  report(kiln_cuda_malloc(&dx, sizeof(x)));
  report(kiln_cuda_malloc(&dw1, sizeof(w1)));
  report(kiln_cuda_malloc(&db1, sizeof(b1)));
  report(kiln_cuda_malloc(&dw2, sizeof(w2)));
  report(kiln_cuda_malloc(&db2, sizeof(b2)));
  report(kiln_cuda_copy_to_device(dx, x, sizeof(x)));
  report(kiln_cuda_copy_to_device(dw1, w1, sizeof(w1)));
  report(kiln_cuda_copy_to_device(db1, b1, sizeof(b1)));
  report(kiln_cuda_copy_to_device(dw2, w2, sizeof(w2)));
  report(kiln_cuda_copy_to_device(db2, b2, sizeof(b2)));
  kiln_result onDevice;
  report(kiln_mlp_device(dx, BATCH, dw1, db1, dw2, db2, &onDevice));
  float host[BATCH * 10];
  report(kiln_cuda_copy_to_host(host, onDevice.data, sizeof(host)));
  for (int r = 0; r < BATCH; ++r) {
    for (int c = 0; c < 10; ++c)
      printf("%s%.6f", c ? " " : "", host[r * 10 + c]);
    printf("\n");
  }
  kiln_cuda_result_free(&onDevice);
  kiln_cuda_free(dx);
  kiln_cuda_free(dw1);
  kiln_cuda_free(db1);
  kiln_cuda_free(dw2);
  kiln_cuda_free(db2);
#endif
  return 0;
}
