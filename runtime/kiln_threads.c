/*===- kiln_threads.c - how many threads compiled kernels use -------------===*
 *
 * Kernel loops run on OpenMP threads (libomp); these functions set how
 * many.
 *===---------------------------------------------------------------------===*/

#include "kiln/Runtime/kiln_runtime.h"

/* From libomp; declared here so that building needs no omp.h. */
void omp_set_num_threads(int threads);
int omp_get_max_threads(void);

void kiln_set_num_threads(int threads) {
  omp_set_num_threads(threads > 0 ? threads : 1);
}

int kiln_get_num_threads(void) { return omp_get_max_threads(); }
