/* Trains the digit classifier of train_step.mlir, compiled by kilnc:
 *   kilnc train_step.mlir -o train_step.o
 *   cc train.c train_step.o -I. -I<kiln>/include libkiln_runtime.a -l:libomp.so.5 -lm
 *   ./train digits.bin
 * Prints the loss per epoch, the time per training step and the held-out
 * accuracy. */
#define _POSIX_C_SOURCE 199309L
#include "train_step.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { Pixels = 64, Hidden = 128, Classes = 10, Batch = 32, Epochs = 30 };

static uint64_t rngState = 42;
static double uniform(void) { /* xorshift64*, in [0, 1) */
  rngState ^= rngState >> 12, rngState ^= rngState << 25,
      rngState ^= rngState >> 27;
  return (double)((rngState * 2685821657736338717ull) >> 11) / 9007199254740992.0;
}

static void initialise(float *w, int fanIn, int count) {
  double scale = sqrt(6.0 / fanIn); /* He-style uniform */
  for (int i = 0; i < count; ++i)
    w[i] = (float)((2 * uniform() - 1) * scale);
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
  FILE *f = fopen(argc > 1 ? argv[1] : "digits.bin", "rb");
  int32_t counts[2];
  if (!f || fread(counts, sizeof(int32_t), 2, f) != 2) {
    fprintf(stderr, "cannot read the digits (run prepare_digits.py)\n");
    return 1;
  }
  int nTrain = counts[0], nTest = counts[1];
  float *xTrain = malloc(sizeof(float) * nTrain * Pixels);
  int64_t *yTrain = malloc(sizeof(int64_t) * nTrain);
  float *xTest = malloc(sizeof(float) * nTest * Pixels);
  int64_t *yTest = malloc(sizeof(int64_t) * nTest);
  if (fread(xTrain, sizeof(float), nTrain * Pixels, f) != (size_t)nTrain * Pixels ||
      fread(yTrain, sizeof(int64_t), nTrain, f) != (size_t)nTrain ||
      fread(xTest, sizeof(float), nTest * Pixels, f) != (size_t)nTest * Pixels ||
      fread(yTest, sizeof(int64_t), nTest, f) != (size_t)nTest) {
    fprintf(stderr, "truncated digits file\n");
    return 1;
  }
  fclose(f);

  float w1[Pixels * Hidden], b1[Hidden], w2[Hidden * Classes], b2[Classes];
  initialise(w1, Pixels, Pixels * Hidden);
  initialise(w2, Hidden, Hidden * Classes);
  memset(b1, 0, sizeof(b1));
  memset(b2, 0, sizeof(b2));
  float lr = 0.1f;

  int *order = malloc(sizeof(int) * nTrain);
  for (int i = 0; i < nTrain; ++i)
    order[i] = i;
  float x[Batch * Pixels];
  int64_t y[Batch];
  double stepTime = 0;
  long steps = 0;
  for (int epoch = 1; epoch <= Epochs; ++epoch) {
    for (int i = nTrain - 1; i > 0; --i) { /* shuffle */
      int j = (int)(uniform() * (i + 1)), t = order[i];
      order[i] = order[j], order[j] = t;
    }
    double lossSum = 0;
    int batches = nTrain / Batch;
    for (int batch = 0; batch < batches; ++batch) {
      for (int n = 0; n < Batch; ++n) {
        int sample = order[batch * Batch + n];
        memcpy(x + n * Pixels, xTrain + sample * Pixels, sizeof(float) * Pixels);
        y[n] = yTrain[sample];
      }
      kiln_result loss, nw1, nb1, nw2, nb2;
      double start = now();
      int status = kiln_train_step(w1, b1, w2, b2, x, y, &lr, &loss, &nw1,
                                   &nb1, &nw2, &nb2);
      stepTime += now() - start;
      ++steps;
      if (status != KILN_OK) {
        fprintf(stderr, "train_step failed: %s\n", kiln_last_error());
        return 1;
      }
      lossSum += *(float *)loss.data;
      memcpy(w1, nw1.data, sizeof(w1));
      memcpy(b1, nb1.data, sizeof(b1));
      memcpy(w2, nw2.data, sizeof(w2));
      memcpy(b2, nb2.data, sizeof(b2));
      kiln_result_free(&loss), kiln_result_free(&nw1), kiln_result_free(&nb1);
      kiln_result_free(&nw2), kiln_result_free(&nb2);
    }
    if (epoch == 1 || epoch % 5 == 0)
      printf("epoch %2d: loss %.4f\n", epoch, lossSum / batches);
  }

  kiln_result predictions;
  if (kiln_predict(w1, b1, w2, b2, xTest, nTest, &predictions) != KILN_OK) {
    fprintf(stderr, "predict failed: %s\n", kiln_last_error());
    return 1;
  }
  int correct = 0;
  for (int i = 0; i < nTest; ++i)
    correct += ((int64_t *)predictions.data)[i] == yTest[i];
  kiln_result_free(&predictions);
  printf("Kiln: %.1f us per training step (batch %d, %ld steps)\n",
         1e6 * stepTime / steps, Batch, steps);
  printf("held-out accuracy: %.3f\n", (double)correct / nTest);
  free(order), free(xTrain), free(yTrain), free(xTest), free(yTest);
  return 0;
}
