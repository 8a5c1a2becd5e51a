# RUN: %python %s
"""Compiled models called from several threads at once (the runtime's
thread-safety promise, with kernels on OpenMP threads).

kilnc compiles a model whose kernels are parallel loops (a 512x1024 softmax,
a 256x256x256 matmul + bias + relu, with a static and a dynamic batch, and an
add of two tensor<?x64xf32>). A C driver starts 8 threads that call it 50
times each with their own data and compare every result with a plain C
reference. Odd threads also make calls whose batch sizes disagree (add_rows,
and dense_dyn, which fails after its matmul kernel ran): they must get
KILN_ERROR_SHAPE, an untouched result and a message from kiln_last_error()
that stays put while the other threads' successful calls return KILN_OK with
an empty kiln_last_error(). Threads ask for 1, 2 and 4 OpenMP threads (and
switch halfway), or keep OMP_NUM_THREADS, and kiln_get_num_threads must
report each thread's own count. Then the same under valgrind, smaller: no
memory errors and no definite leaks (libomp keeps its thread pool, and its
threads' blocks, until exit: only definite leaks count). Then calls from
inside an OpenMP parallel region (the results bit for bit those of serial
calls), and both drivers under ThreadSanitizer."""

import os
import shutil
import subprocess
import sys
import tempfile

KILNC = os.environ["KILNC"]
INCLUDE = os.environ["KILN_INCLUDE"]
RUNTIME = os.path.join(os.environ["KILN_LIB"], "libkiln_runtime.a")

MODEL = r"""// Kernels large enough to be split among OpenMP threads.
func.func @softmax(%x: tensor<512x1024xf32>) -> tensor<512x1024xf32> {
  %s = kiln.softmax %x axis 1 : tensor<512x1024xf32>
  return %s : tensor<512x1024xf32>
}

func.func @dense(%x: tensor<256x256xf32>, %w: tensor<256x256xf32>, %b: tensor<256xf32>) -> tensor<256x256xf32> {
  %h = kiln.matmul %x, %w : tensor<256x256xf32>, tensor<256x256xf32>
  %hb = kiln.add %h, %b : tensor<256x256xf32>, tensor<256xf32>
  %a = kiln.relu %hb : tensor<256x256xf32>
  return %a : tensor<256x256xf32>
}

// The batch sizes must agree (or one be 1).
func.func @add_rows(%a: tensor<?x64xf32>, %b: tensor<?x64xf32>) -> tensor<?x64xf32> {
  %0 = kiln.add %a, %b : tensor<?x64xf32>
  return %0 : tensor<?x64xf32>
}

// Dynamic batch: the add's check runs after the matmul kernel (and its
// buffer), so a mismatch fails half-way through the call.
func.func @dense_dyn(%x: tensor<?x256xf32>, %w: tensor<256x256xf32>, %c: tensor<?x256xf32>) -> tensor<?x256xf32> {
  %h = kiln.matmul %x, %w : tensor<?x256xf32>, tensor<256x256xf32>
  %hc = kiln.add %h, %c : tensor<?x256xf32>
  %a = kiln.relu %hc : tensor<?x256xf32>
  return %a : tensor<?x256xf32>
}
"""

DRIVER = r"""
/* Threads calling one compiled model at once: each has its own inputs and
 * checks every result against a plain C reference; some threads also make
 * calls whose shapes disagree and check that the error stays on their
 * thread; threads ask for different OpenMP thread counts.
 *
 *   driver NTHREADS ITERATIONS DEFAULT_OMP_THREADS
 *
 * DEFAULT_OMP_THREADS is OMP_NUM_THREADS: threads 4k + 3 never call
 * kiln_set_num_threads and must see it; threads 4k, 4k + 1, 4k + 2 ask for
 * 1, 2, 4 threads and halfway through for 4, 1, 2. Odd threads make the
 * failing calls. */
#define _GNU_SOURCE
#include "model.h"

#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { SM_ROWS = 512, SM_COLS = 1024, MM = 256, ADD_COLS = 64 };

static int iterations, defaultThreads;
static pthread_barrier_t startLine;
/* Successful calls made by all threads; a thread holding an error message
 * waits for others' calls before checking its message again. */
static atomic_long successes;
static atomic_int running, waiting;
static atomic_int failed;

#define FAIL(...)                                                              \
  do {                                                                         \
    char message_[1200];                                                       \
    snprintf(message_, sizeof(message_), __VA_ARGS__);                         \
    fprintf(stderr, "FAIL: thread %d iteration %d: %s\n", self->id, iteration, \
            message_);                                                         \
    atomic_store(&failed, 1);                                                  \
    return 1;                                                                  \
  } while (0)

typedef struct {
  int id;
  int threads, laterThreads; /* 0: never set (OMP_NUM_THREADS) */
  int makesErrors;
  uint64_t seed;
  long calls, errors;
  float *smIn, *mmX, *mmW, *mmB, *addA, *addB;
  double *smRef, *mmRef, *mmTol;
} Worker;

static uint64_t next(uint64_t *state) { /* xorshift64* */
  *state ^= *state >> 12;
  *state ^= *state << 25;
  *state ^= *state >> 27;
  return *state * 2685821657736338717ull;
}

/* Uniform in [lo, hi). */
static float uniform(uint64_t *state, float lo, float hi) {
  return lo + (hi - lo) * (float)((next(state) >> 40) * (1.0 / 16777216.0));
}

static int expectedThreads(const Worker *self, int iteration) {
  if (!self->threads)
    return defaultThreads;
  return iteration < iterations / 2 ? self->threads : self->laterThreads;
}

/* Checks that a successful call left no message on this thread. */
static int checkOk(Worker *self, int iteration, int status, const char *what) {
  if (status != KILN_OK)
    FAIL("%s returned %d, not KILN_OK: %s", what, status, kiln_last_error());
  if (kiln_last_error()[0] != '\0')
    FAIL("%s succeeded but kiln_last_error() is \"%s\"", what,
         kiln_last_error());
  ++self->calls;
  atomic_fetch_add(&successes, 1);
  return 0;
}

static int checkShape(Worker *self, int iteration, const kiln_result *r,
                      int64_t rows, int64_t cols, const char *what) {
  if (r->rank != 2 || r->shape[0] != rows || r->shape[1] != cols)
    FAIL("%s: result has rank %d shape %lldx%lld, expected %lldx%lld", what,
         r->rank, (long long)r->shape[0], (long long)r->shape[1],
         (long long)rows, (long long)cols);
  return 0;
}

static int softmaxStep(Worker *self, int iteration, uint64_t *rng) {
  /* Rows of different spreads, so that rows differ between threads. */
  for (int i = 0; i < SM_ROWS; ++i) {
    float scale = uniform(rng, 0.1f, 8.0f), shift = uniform(rng, -50, 50);
    for (int j = 0; j < SM_COLS; ++j)
      self->smIn[i * SM_COLS + j] = shift + scale * uniform(rng, -1, 1);
  }
  for (int i = 0; i < SM_ROWS; ++i) {
    const float *x = self->smIn + i * SM_COLS;
    double *ref = self->smRef + i * SM_COLS;
    double max = x[0], sum = 0;
    for (int j = 1; j < SM_COLS; ++j)
      max = x[j] > max ? x[j] : max;
    for (int j = 0; j < SM_COLS; ++j)
      sum += ref[j] = exp((double)x[j] - max);
    for (int j = 0; j < SM_COLS; ++j)
      ref[j] /= sum;
  }
  kiln_result r;
  memset(&r, 0, sizeof(r));
  if (checkOk(self, iteration, kiln_softmax(self->smIn, &r), "softmax") ||
      checkShape(self, iteration, &r, SM_ROWS, SM_COLS, "softmax")) {
    kiln_result_free(&r);
    return 1;
  }
  const float *got = r.data;
  for (int k = 0; k < SM_ROWS * SM_COLS; ++k) {
    double want = self->smRef[k];
    if (!(fabs(got[k] - want) <= 2e-5 * want + 1e-8)) {
      double value = got[k];
      kiln_result_free(&r);
      FAIL("softmax[%d][%d] = %.9g, expected %.9g", k / SM_COLS, k % SM_COLS,
           value, want);
    }
  }
  kiln_result_free(&r);
  return 0;
}

/* Compares a 256x256 result with the reference and frees it. */
static int checkDense(Worker *self, int iteration, kiln_result *r,
                      const char *what) {
  const float *got = r->data;
  for (int k = 0; k < MM * MM; ++k) {
    double want = self->mmRef[k];
    if (!(fabs(got[k] - want) <= 1e-5 * self->mmTol[k] + 1e-6)) {
      double value = got[k];
      kiln_result_free(r);
      FAIL("%s[%d][%d] = %.9g, expected %.9g", what, k / MM, k % MM, value,
           want);
    }
  }
  kiln_result_free(r);
  return 0;
}

static int denseStep(Worker *self, int iteration, uint64_t *rng) {
  /* A new x every iteration; w and b once per thread. */
  if (iteration == 0) {
    for (int k = 0; k < MM * MM; ++k)
      self->mmW[k] = uniform(rng, -0.2f, 0.2f);
    for (int j = 0; j < MM; ++j)
      self->mmB[j] = uniform(rng, -1, 1);
  }
  for (int k = 0; k < MM * MM; ++k)
    self->mmX[k] = uniform(rng, -1, 1);
  for (int i = 0; i < MM; ++i) {
    double *ref = self->mmRef + i * MM, *tol = self->mmTol + i * MM;
    for (int j = 0; j < MM; ++j)
      ref[j] = self->mmB[j], tol[j] = fabs(self->mmB[j]);
    for (int k = 0; k < MM; ++k) {
      double x = self->mmX[i * MM + k];
      const float *w = self->mmW + k * MM;
      for (int j = 0; j < MM; ++j) {
        ref[j] += x * w[j];
        tol[j] += fabs(x * w[j]);
      }
    }
    for (int j = 0; j < MM; ++j)
      ref[j] = ref[j] > 0 ? ref[j] : 0;
  }
  kiln_result r;
  memset(&r, 0, sizeof(r));
  if (checkOk(self, iteration, kiln_dense(self->mmX, self->mmW, self->mmB, &r),
              "dense") ||
      checkShape(self, iteration, &r, MM, MM, "dense")) {
    kiln_result_free(&r);
    return 1;
  }
  if (checkDense(self, iteration, &r, "dense"))
    return 1;
  /* The same with a dynamic batch and the bias as a row that broadcasts. */
  memset(&r, 0, sizeof(r));
  if (checkOk(self, iteration,
              kiln_dense_dyn(self->mmX, MM, self->mmW, self->mmB, 1, &r),
              "dense_dyn") ||
      checkShape(self, iteration, &r, MM, MM, "dense_dyn")) {
    kiln_result_free(&r);
    return 1;
  }
  return checkDense(self, iteration, &r, "dense_dyn");
}

/* add_rows with agreeing batch sizes (or a batch of 1 that broadcasts). */
static int addStep(Worker *self, int iteration, uint64_t *rng) {
  int64_t rows = 1 + (int64_t)(next(rng) % 4096);
  int64_t rowsB = iteration % 5 == 4 ? 1 : rows;
  for (int64_t k = 0; k < rows * ADD_COLS; ++k)
    self->addA[k] = uniform(rng, -100, 100);
  for (int64_t k = 0; k < rowsB * ADD_COLS; ++k)
    self->addB[k] = uniform(rng, -100, 100);
  kiln_result r;
  memset(&r, 0, sizeof(r));
  if (checkOk(self, iteration,
              kiln_add_rows(self->addA, rows, self->addB, rowsB, &r),
              "add_rows") ||
      checkShape(self, iteration, &r, rows, ADD_COLS, "add_rows")) {
    kiln_result_free(&r);
    return 1;
  }
  const float *got = r.data;
  for (int64_t k = 0; k < rows * ADD_COLS; ++k) {
    float want = self->addA[k] + self->addB[rowsB == 1 ? k % ADD_COLS : k];
    if (got[k] != want) {
      double value = got[k];
      kiln_result_free(&r);
      FAIL("add_rows (%lld rows, %lld) [%lld] = %.9g, expected %.9g",
           (long long)rows, (long long)rowsB, (long long)k, value,
           (double)want);
    }
  }
  kiln_result_free(&r);
  return 0;
}

/* A call whose batch sizes neither agree nor broadcast. The message must
 * stay on this thread while the others' calls succeed (and clear theirs). */
static int errorStep(Worker *self, int iteration, uint64_t *rng) {
  kiln_result r;
  memset(&r, 0, sizeof(r));
  r.data = r.allocation = (void *)&r; /* must stay untouched */
  r.rank = -7;
  /* add_rows fails before it computes anything; dense_dyn after its matmul
   * kernel ran on the OpenMP threads and its buffer was allocated. */
  const char *what;
  int64_t rows, rowsB;
  int status;
  if (iteration % 4 < 2) {
    what = "add_rows";
    rows = 2 + (int64_t)(next(rng) % 4000);
    rowsB = rows + 1 + (int64_t)(next(rng) % 50);
    if (iteration % 2)
      rowsB = rows, rows = rows + 7;
    status = kiln_add_rows(self->addA, rows, self->addB, rowsB, &r);
  } else {
    what = "dense_dyn";
    rows = MM;
    rowsB = 2 + (int64_t)(next(rng) % (MM - 2)); /* 2 .. 255 */
    status = kiln_dense_dyn(self->mmX, rows, self->mmW, self->addB, rowsB, &r);
  }
  if (status != KILN_ERROR_SHAPE)
    FAIL("%s with %lld vs %lld rows returned %d, not KILN_ERROR_SHAPE", what,
         (long long)rows, (long long)rowsB, status);
  if (r.data != (void *)&r || r.allocation != (void *)&r || r.rank != -7)
    FAIL("a failed %s changed its result", what);
  char saved[512];
  snprintf(saved, sizeof(saved), "%s", kiln_last_error());
  if (saved[0] == '\0')
    FAIL("%s failed with an empty kiln_last_error()", what);
  if (!strstr(saved, "model.mlir"))
    FAIL("the error message does not say where: \"%s\"", saved);
  ++self->errors;
  if (self->id == 1 && iteration < 4 && iteration % 2 == 0)
    printf("thread 1, %s: %s\n", what, saved);
  /* Let other threads succeed a few times (they clear their own messages),
   * then look again. */
  long before = atomic_load(&successes);
  struct timespec start, now;
  clock_gettime(CLOCK_MONOTONIC, &start);
  atomic_fetch_add(&waiting, 1);
  for (;;) {
    /* Stop waiting when no other thread can make calls any more. */
    if (atomic_load(&successes) >= before + 2 ||
        atomic_load(&running) - atomic_load(&waiting) <= 0)
      break;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (now.tv_sec - start.tv_sec > 5)
      break;
    sched_yield();
  }
  atomic_fetch_sub(&waiting, 1);
  if (strcmp(saved, kiln_last_error()) != 0)
    FAIL("kiln_last_error() changed from \"%s\" to \"%s\" while other threads "
         "made calls",
         saved, kiln_last_error());
  /* A negative size is caught before the call. */
  if (kiln_add_rows(self->addA, -3, self->addB, 3, &r) != KILN_ERROR_SHAPE ||
      kiln_last_error()[0] == '\0')
    FAIL("add_rows with -3 rows did not fail with a message");
  return 0;
}

static int work(Worker *self) {
  int iteration = -1;
  if (self->threads)
    kiln_set_num_threads(self->threads);
  pthread_barrier_wait(&startLine);
  uint64_t rng = self->seed;
  for (iteration = 0; iteration < iterations && !atomic_load(&failed);
       ++iteration) {
    if (self->threads && iteration == iterations / 2)
      kiln_set_num_threads(self->laterThreads);
    int want = expectedThreads(self, iteration);
    if (kiln_get_num_threads() != want)
      FAIL("kiln_get_num_threads() is %d, this thread set %d",
           kiln_get_num_threads(), want);
    /* Vary the order, so that different kernels overlap. */
    int order = (iteration + self->id) % 3;
    for (int step = 0; step < 3; ++step) {
      int which = (order + step) % 3;
      int error = which == 0   ? softmaxStep(self, iteration, &rng)
                  : which == 1 ? denseStep(self, iteration, &rng)
                               : addStep(self, iteration, &rng);
      if (error)
        return 1;
      if (self->makesErrors && step == 1 && errorStep(self, iteration, &rng))
        return 1;
    }
    if (kiln_get_num_threads() != want)
      FAIL("kiln_get_num_threads() became %d after calls, this thread set %d",
           kiln_get_num_threads(), want);
  }
  return 0;
}

static void *run(void *argument) {
  Worker *self = argument;
  int status = work(self);
  atomic_fetch_sub(&running, 1);
  return (void *)(intptr_t)status;
}

static int threadCount(void) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  int count = -1;
  while (f && fgets(line, sizeof(line), f))
    if (sscanf(line, "Threads: %d", &count) == 1)
      break;
  if (f)
    fclose(f);
  return count;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s NTHREADS ITERATIONS DEFAULT_OMP_THREADS\n",
            argv[0]);
    return 2;
  }
  int workers = atoi(argv[1]);
  iterations = atoi(argv[2]);
  defaultThreads = atoi(argv[3]);
  if (workers < 1 || iterations < 1 || defaultThreads < 1)
    return 2;

  /* The main thread sees OMP_NUM_THREADS; 0 and negative counts mean 1.
   * What it sets is its own: the workers below do not see it. */
  if (kiln_get_num_threads() != defaultThreads) {
    fprintf(stderr, "FAIL: kiln_get_num_threads() is %d at start, expected %d\n",
            kiln_get_num_threads(), defaultThreads);
    return 1;
  }
  kiln_set_num_threads(0);
  if (kiln_get_num_threads() != 1) {
    fprintf(stderr, "FAIL: kiln_set_num_threads(0) gave %d threads, not 1\n",
            kiln_get_num_threads());
    return 1;
  }
  kiln_set_num_threads(-5);
  if (kiln_get_num_threads() != 1) {
    fprintf(stderr, "FAIL: kiln_set_num_threads(-5) gave %d threads, not 1\n",
            kiln_get_num_threads());
    return 1;
  }

  static const int counts[4] = {1, 2, 4, 0}, later[4] = {4, 1, 2, 0};
  Worker *all = calloc((size_t)workers, sizeof(Worker));
  pthread_t *ids = calloc((size_t)workers, sizeof(pthread_t));
  pthread_barrier_init(&startLine, NULL, (unsigned)workers);
  atomic_store(&running, workers);
  for (int t = 0; t < workers; ++t) {
    Worker *w = &all[t];
    w->id = t;
    w->threads = counts[t % 4];
    w->laterThreads = later[t % 4];
    w->makesErrors = t % 2;
    w->seed = 0x9E3779B97F4A7C15ull * (uint64_t)(t + 1) + 12345;
    w->smIn = malloc(sizeof(float) * SM_ROWS * SM_COLS);
    w->smRef = malloc(sizeof(double) * SM_ROWS * SM_COLS);
    w->mmX = calloc(MM * MM, sizeof(float));
    w->mmW = malloc(sizeof(float) * MM * MM);
    w->mmB = malloc(sizeof(float) * MM);
    w->mmRef = malloc(sizeof(double) * MM * MM);
    w->mmTol = malloc(sizeof(double) * MM * MM);
    w->addA = calloc(4096 * ADD_COLS, sizeof(float));
    w->addB = calloc(4096 * ADD_COLS, sizeof(float));
    if (!w->smIn || !w->smRef || !w->mmX || !w->mmW || !w->mmB || !w->mmRef ||
        !w->mmTol || !w->addA || !w->addB) {
      fprintf(stderr, "FAIL: out of memory\n");
      return 1;
    }
  }
  struct timespec start, end;
  clock_gettime(CLOCK_MONOTONIC, &start);
  for (int t = 0; t < workers; ++t)
    if (pthread_create(&ids[t], NULL, run, &all[t]) != 0) {
      fprintf(stderr, "FAIL: pthread_create\n");
      return 1;
    }
  int status = 0;
  for (int t = 0; t < workers; ++t) {
    void *result;
    pthread_join(ids[t], &result);
    status |= (int)(intptr_t)result;
  }
  clock_gettime(CLOCK_MONOTONIC, &end);
  int threadsLeft = threadCount();
  long calls = 0, errors = 0;
  for (int t = 0; t < workers; ++t) {
    Worker *w = &all[t];
    calls += w->calls;
    errors += w->errors;
    free(w->smIn), free(w->smRef), free(w->mmX), free(w->mmW), free(w->mmB);
    free(w->mmRef), free(w->mmTol), free(w->addA), free(w->addB);
  }
  free(all);
  free(ids);
  pthread_barrier_destroy(&startLine);
  if (status || atomic_load(&failed)) {
    fprintf(stderr, "FAIL: see above\n");
    return 1;
  }
  if (kiln_get_num_threads() != 1) {
    fprintf(stderr, "FAIL: the main thread's count changed to %d\n",
            kiln_get_num_threads());
    return 1;
  }
  printf("%d threads x %d iterations: %ld successful calls checked, %ld shape "
         "errors, %.2f s\n",
         workers, iterations, calls, errors,
         (double)(end.tv_sec - start.tv_sec) +
             1e-9 * (double)(end.tv_nsec - start.tv_nsec));
  /* The kernels forked: libomp keeps its workers for the next calls. */
  printf("threads alive after the workers joined: %d\n", threadsLeft);
  if (threadsLeft < 2) {
    fprintf(stderr, "FAIL: no OpenMP worker threads were ever started\n");
    return 1;
  }
  printf("ok\n");
  return 0;
}
"""


OMP_DRIVER = r"""
/* Calls from inside OpenMP parallel regions: NCALLS calls of softmax and
 * dense, each on its own inputs, spread over an `omp parallel for`; each
 * result must equal, bit for bit, the same call made serially first. The
 * model's own kernels then run nested (on the calling OpenMP thread).
 *
 *   omp_driver NCALLS */
#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SM = 512 * 1024, MM = 256 * 256 };

static void fill(float *x, long n, unsigned seed) {
  for (long i = 0; i < n; ++i) {
    seed = seed * 1664525u + 1013904223u;
    x[i] = (float)(seed >> 8) / 16777216.0f - 0.5f;
  }
}

int main(int argc, char **argv) {
  int calls = argc > 1 ? atoi(argv[1]) : 16;
  float *smIn = malloc(sizeof(float) * SM * calls);
  float *mmX = malloc(sizeof(float) * MM * calls);
  float *w = malloc(sizeof(float) * MM), *b = malloc(sizeof(float) * 256);
  float *smWant = malloc(sizeof(float) * SM * calls);
  float *mmWant = malloc(sizeof(float) * MM * calls);
  fill(w, MM, 1);
  fill(b, 256, 2);
  for (int c = 0; c < calls; ++c) {
    fill(smIn + (long)c * SM, SM, 10 + c);
    fill(mmX + (long)c * MM, MM, 1000 + c);
  }
  for (int c = 0; c < calls; ++c) { /* the serial answers */
    kiln_result r = {0}, q = {0};
    if (kiln_softmax(smIn + (long)c * SM, &r) || kiln_dense(mmX + (long)c * MM, w, b, &q)) {
      printf("FAIL: serial call %d: %s\n", c, kiln_last_error());
      return 1;
    }
    memcpy(smWant + (long)c * SM, r.data, sizeof(float) * SM);
    memcpy(mmWant + (long)c * MM, q.data, sizeof(float) * MM);
    kiln_result_free(&r);
    kiln_result_free(&q);
  }
  int bad = 0;
#pragma omp parallel for schedule(dynamic) reduction(+ : bad)
  for (int c = 0; c < calls; ++c) {
    kiln_result r = {0}, q = {0};
    if (kiln_softmax(smIn + (long)c * SM, &r) || kiln_dense(mmX + (long)c * MM, w, b, &q)) {
      printf("FAIL: call %d in a parallel region: %s\n", c, kiln_last_error());
      bad++;
      continue;
    }
    if (memcmp(r.data, smWant + (long)c * SM, sizeof(float) * SM) ||
        memcmp(q.data, mmWant + (long)c * MM, sizeof(float) * MM)) {
      printf("FAIL: call %d in a parallel region differs from the serial one\n", c);
      bad++;
    }
    kiln_result_free(&r);
    kiln_result_free(&q);
  }
  printf("%d calls from OpenMP threads: %s\n", calls, bad ? "FAILED" : "ok");
  free(smIn), free(mmX), free(w), free(b), free(smWant), free(mmWant);
  return bad ? 1 : 0;
}
"""


def sh(*args, timeout=300, env=None):
    try:
        proc = subprocess.run(args, capture_output=True, text=True,
                              timeout=timeout, env=env)
    except subprocess.TimeoutExpired as e:
        sys.exit(f"command hung (killed after {timeout} s): {' '.join(args)}\n"
                 f"{e.stdout or ''}\n{e.stderr or ''}")
    if proc.returncode != 0:
        sys.exit(f"command failed ({proc.returncode}): {' '.join(args)}\n"
                 f"{proc.stdout}\n{proc.stderr}")
    return proc.stdout, proc.stderr


def check_output(output, threads, iterations):
    # Per iteration: softmax, dense, dense_dyn and add_rows succeed; odd
    # threads also make one failing call.
    calls, errors = 4 * threads * iterations, (threads // 2) * iterations
    summary = (f"{threads} threads x {iterations} iterations: {calls} "
               f"successful calls checked, {errors} shape errors")
    assert summary in output, f"expected '{summary}' in:\n{output}"
    # The messages point at the failing add in the model.
    for function, add in (("add_rows", "kiln.add %a, %b"),
                          ("dense_dyn", "kiln.add %h, %c")):
        line = [i for i, text in enumerate(MODEL.splitlines(), 1)
                if add in text][0]
        expected = f"model.mlir:{line}:"
        found = [text for text in output.splitlines()
                 if text.startswith(f"thread 1, {function}: ")]
        assert found and expected in found[0], \
            f"expected '{expected}' in the {function} error:\n{output}"
    assert output.rstrip().endswith("ok"), output


with tempfile.TemporaryDirectory() as tmp:
    model = os.path.join(tmp, "model.mlir")
    with open(model, "w") as f:
        f.write(MODEL)
    source = os.path.join(tmp, "driver.c")
    with open(source, "w") as f:
        f.write(DRIVER)
    obj = os.path.join(tmp, "model.o")
    sh(KILNC, model, "-o", obj)
    assert os.path.exists(os.path.join(tmp, "model.h")), "kilnc wrote no header"
    # The kernels became OpenMP parallel loops.
    with open(obj, "rb") as f:
        assert b"__kmpc_fork_call" in f.read(), "no OpenMP parallel region"

    driver = os.path.join(tmp, "driver")
    sh("cc", "-std=c11", "-O2", "-g", "-Wall", "-Wextra", "-Werror", "-pthread",
       source, obj, "-I", tmp, "-I", INCLUDE, RUNTIME, "-l:libomp.so.5", "-lm",
       "-lpthread", "-o", driver)

    # 8 threads x 50 iterations; OMP_NUM_THREADS=3 is the count of threads
    # that never set one (and of the main thread before it sets its own).
    env = {**os.environ, "OMP_NUM_THREADS": "3"}
    output, _ = sh(driver, "8", "50", "3", timeout=300, env=env)
    print(output.strip())
    check_output(output, 8, 50)
    print("8 threads: ok")

    # Valgrind: 2 threads x 4 iterations (both kinds of failing call).
    # KMP_BLOCKTIME=0: libomp's idle workers sleep instead of spinning,
    # which valgrind, running one thread at a time, makes very slow.
    valgrind = shutil.which("valgrind")
    if os.environ.get("KILN_SANITIZE"):
        # A sanitizer build checks memory with ASan, which valgrind cannot run.
        print("valgrind skipped: this build is instrumented with ASan")
    elif not valgrind:
        print("valgrind not found: memory check skipped")
    else:
        env = {**os.environ, "OMP_NUM_THREADS": "2", "KMP_BLOCKTIME": "0"}
        output, report = sh(valgrind, "--error-exitcode=1",
                            "--leak-check=full",
                            "--errors-for-leak-kinds=definite",
                            "--show-leak-kinds=definite", driver, "2", "4",
                            "2", timeout=300, env=env)
        check_output(output, 2, 4)
        assert "ERROR SUMMARY: 0 errors" in report, report
        assert "definitely lost: 0 bytes" in report or \
            "All heap blocks were freed" in report, report
        print("valgrind, 2 threads: no memory errors, no definite leaks")

    # Calls from inside OpenMP parallel regions, with 4 OpenMP threads.
    omp_source = os.path.join(tmp, "omp_driver.c")
    with open(omp_source, "w") as f:
        f.write(OMP_DRIVER)
    omp_driver = os.path.join(tmp, "omp_driver")
    # (`cc` is test.sh --sanitize's clang with ASan in a sanitizer build.)
    compiler = "cc" if os.environ.get("KILN_SANITIZE") else "clang-22"
    sh(compiler, "-std=c11", "-O2", "-fopenmp", "-Wall", "-Werror", omp_source, obj,
       "-I", tmp, "-I", INCLUDE, RUNTIME, "-L", "/usr/lib/llvm-22/lib", "-l:libomp.so.5",
       "-Wl,-rpath,/usr/lib/llvm-22/lib", "-lm", "-o", omp_driver)
    output, _ = sh(omp_driver, "16", env={**os.environ, "OMP_NUM_THREADS": "4"})
    print(output.strip())
    assert "16 calls from OpenMP threads: ok" in output, output

    # ThreadSanitizer: both drivers and the runtime built with
    # -fsanitize=thread, OpenMP's synchronisation made visible to it by
    # LLVM's Archer tool (OMP_TOOL_LIBRARIES). The model's object is not
    # instrumented (kilnc makes plain code); its calls into the runtime
    # (allocation, the buffer cache, errors, thread counts) are. A sanitizer
    # build's object needs ASan's runtime instead: skipped there.
    archer = "/usr/lib/llvm-22/lib/libarcher.so"
    if os.environ.get("KILN_SANITIZE"):
        print("ThreadSanitizer run skipped: this Kiln's objects are built for ASan")
    elif not shutil.which("clang-22") or not os.path.exists(archer):
        print("ThreadSanitizer run skipped: clang-22 or libarcher.so missing")
    else:
        root = os.path.dirname(INCLUDE)
        runtime_sources = [os.path.join(root, "runtime", f)
                           for f in ("kiln_runtime.c", "kiln_threads.c", "kiln_cuda.c")]
        env = {**os.environ, "OMP_TOOL_LIBRARIES": archer, "OMP_NUM_THREADS": "2",
               "TSAN_OPTIONS": "halt_on_error=1:abort_on_error=1:second_deadlock_stack=1:"
                               "suppressions=" + os.path.join(
                                   os.path.dirname(os.path.abspath(__file__)), "Inputs",
                                   "tsan.supp")}
        for name, source, args in (("driver", source, ["4", "6", "2"]),
                                   ("omp_driver", omp_source, ["6"])):
            binary = os.path.join(tmp, name + "_tsan")
            sh("clang-22", "-std=c11", "-O1", "-g", "-fsanitize=thread", "-fopenmp", "-pthread",
               "-D_GNU_SOURCE", source, obj, *runtime_sources, "-I", tmp, "-I", INCLUDE,
               "-L", "/usr/lib/llvm-22/lib", "-l:libomp.so.5",
               "-Wl,-rpath,/usr/lib/llvm-22/lib", "-lm", "-ldl", "-o", binary)
            output, report = sh(binary, *args, env=env)
            assert "WARNING: ThreadSanitizer" not in report, report
            print(f"ThreadSanitizer, {name}: no data races")
