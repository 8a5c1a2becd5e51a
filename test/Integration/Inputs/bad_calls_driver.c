/* Calls of a compiled model that must fail cleanly (aot_bad_calls.py):
 * NULL pointers, and a result too large to allocate. Each returns its
 * KILN_ERROR_* code with a message, and the next good call works. */
#include "bad_calls.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;

static void expect(const char *what, int status, int want, const char *message) {
  if (status != want || (message && !strstr(kiln_last_error(), message))) {
    printf("FAIL %s: status %d (want %d), message '%s'\n", what, status, want,
           kiln_last_error());
    failures++;
  } else {
    printf("ok %s: %s\n", what, status ? kiln_last_error() : "KILN_OK");
  }
}

static int goodCall(void) {
  float a[2] = {0, 1}, b[3] = {0, 1, 2};
  kiln_result r = {0};
  int status = kiln_outer(a, 2, b, 3, &r);
  if (status != KILN_OK)
    return status;
  const float *d = r.data;
  int ok = r.rank == 2 && r.shape[0] == 2 && r.shape[1] == 3 &&
           fabsf(d[5] - expf(3.0f)) < 1e-4f;
  kiln_result_free(&r);
  return ok ? KILN_OK : -1;
}

int main(void) {
  float a[2] = {0, 1}, b[3] = {0, 1, 2};
  kiln_result r = {0};
  expect("NULL data", kiln_outer(NULL, 2, b, 3, &r), KILN_ERROR_ARGUMENT,
         "outer: arg0 is NULL");
  expect("NULL result", kiln_outer(a, 2, b, 3, NULL), KILN_ERROR_ARGUMENT,
         "outer: result0 is NULL");
  expect("negative size", kiln_outer(a, -2, b, 3, &r), KILN_ERROR_SHAPE,
         "arg0_dim0 is negative");
  /* An empty tensor needs no storage. */
  int status = kiln_outer(NULL, 0, b, 3, &r);
  expect("NULL data of an empty tensor", status, KILN_OK, NULL);
  if (status == KILN_OK && (r.shape[0] != 0 || r.shape[1] != 3)) {
    printf("FAIL empty result shape %lld x %lld\n", (long long)r.shape[0],
           (long long)r.shape[1]);
    failures++;
  }
  kiln_result_free(&r);

  /* 2^22 x 2^22 floats: a 64 TiB result cannot be allocated. */
  int64_t n = (int64_t)1 << 22;
  float *big = calloc((size_t)n, sizeof(float));
  expect("out of memory", kiln_outer(big, n, big, n, &r), KILN_ERROR_MEMORY,
         NULL);
  free(big);
  expect("a good call after the errors", goodCall(), KILN_OK, NULL);
  return failures ? 1 : 0;
}
