/* C API checks on test/Integration/Inputs/shapes.mlir: a call whose dynamic
 * dimensions disagree returns KILN_ERROR_SHAPE (and leaves the result
 * untouched); negative dimensions are rejected; correct calls succeed and
 * free everything (run under LeakSanitizer). */
#include "shapes.h"

#include <stdio.h>
#include <string.h>

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: check failed: %s (%s)\n", __FILE__, __LINE__,   \
              #cond, kiln_last_error());                                       \
      return 1;                                                                \
    }                                                                          \
  } while (0)

int main(void) {
  float a[12], b[12];
  for (int i = 0; i < 12; ++i)
    a[i] = (float)i, b[i] = 1.0f;

  kiln_result r;
  memset(&r, 0, sizeof(r));

  /* 3 + 3 elements: fine; 1 broadcasts. */
  CHECK(kiln_add(a, 3, b, 3, &r) == KILN_OK);
  CHECK(r.rank == 1 && r.shape[0] == 3 && ((float *)r.data)[2] == 3.0f);
  kiln_result_free(&r);
  CHECK(kiln_add(a, 3, b, 1, &r) == KILN_OK && r.shape[0] == 3);
  kiln_result_free(&r);

  /* 3 vs 4 elements neither match nor broadcast. */
  memset(&r, 0, sizeof(r));
  CHECK(kiln_add(a, 3, b, 4, &r) == KILN_ERROR_SHAPE);
  CHECK(r.data == NULL);
  CHECK(strstr(kiln_last_error(), "shapes.mlir") != NULL);
  printf("add 3 vs 4: %s\n", kiln_last_error());

  /* A negative dimension. */
  CHECK(kiln_add(a, -1, b, 3, &r) == KILN_ERROR_SHAPE);
  printf("negative: %s\n", kiln_last_error());

  /* 2x3 @ 4x3: the contracting dimensions differ. */
  CHECK(kiln_matmul(a, 2, 3, b, 4, 3, &r) == KILN_ERROR_SHAPE);
  printf("matmul 2x3 @ 4x3: %s\n", kiln_last_error());
  CHECK(kiln_matmul(a, 2, 3, b, 3, 4, &r) == KILN_OK);
  CHECK(r.shape[0] == 2 && r.shape[1] == 4);
  CHECK(((float *)r.data)[0] == 0.0f + 1.0f + 2.0f);
  kiln_result_free(&r);

  /* A check that fails after the product was allocated frees it (the
   * leak check below would report it). */
  CHECK(kiln_late_failure(a, 2, 3, b, 3, 4, b, 3, 4, &r) == KILN_ERROR_SHAPE);
  CHECK(kiln_late_failure(a, 2, 3, b, 3, 4, b, 2, 4, &r) == KILN_OK);
  kiln_result_free(&r);

  /* Results sharing a buffer are freed once. */
  kiln_result first, second;
  CHECK(kiln_twice(a, &first, &second) == KILN_OK);
  CHECK(first.data == second.data && second.allocation == NULL);
  kiln_result_free(&first);
  kiln_result_free(&second);

  /* bf16: 1.5 + 1.5 = 3 (0x4040). */
  uint16_t h[4] = {0x3FC0, 0x3FC0, 0x3FC0, 0x3FC0};
  CHECK(kiln_bf16_scale(h, &r) == KILN_OK && ((uint16_t *)r.data)[3] == 0x4040);
  kiln_result_free(&r);

  CHECK(kiln_calls_main(a, &r) == KILN_OK && ((float *)r.data)[1] == -1.0f);
  kiln_result_free(&r);

  /* Intermediates with dynamic shapes are all freed. */
  kiln_result sums, joined;
  for (int64_t n = 1; n <= 3; ++n) {
    CHECK(kiln_chain(a, n, 4, &sums, &joined) == KILN_OK);
    CHECK(sums.shape[0] == n && joined.shape[0] == 2 * n);
    kiln_result_free(&sums);
    kiln_result_free(&joined);
  }
  printf("ok\n");
  return 0;
}
