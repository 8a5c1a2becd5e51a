/*===- kiln_runtime.c - the C runtime of compiled Kiln models -------------===*/

#include "kiln/Runtime/kiln_runtime.h"

#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Per-thread state: the last error and the innermost kiln_invoke. */
static _Thread_local char lastError[512];
static _Thread_local jmp_buf *activeCall;

void kiln_result_free(kiln_result *result) {
  if (!result)
    return;
  free(result->allocation);
  result->allocation = NULL;
  result->data = NULL;
}

const char *kiln_last_error(void) { return lastError; }

int kiln_fail_shape(const char *format, ...) {
  va_list args;
  va_start(args, format);
  vsnprintf(lastError, sizeof(lastError), format, args);
  va_end(args);
  return KILN_ERROR_SHAPE;
}

int kiln_invoke(void (*body)(void *), void *context) {
  jmp_buf here;
  jmp_buf *outer = activeCall;
  lastError[0] = '\0';
  if (setjmp(here)) {
    activeCall = outer;
    return KILN_ERROR_SHAPE;
  }
  activeCall = &here;
  body(context);
  activeCall = outer;
  return KILN_OK;
}

/* Buffers from this size on get huge pages. */
#define KILN_HUGE_PAGE_SIZE (2u << 20)

void *_mlir_memref_to_llvm_aligned_alloc(uint64_t alignment, uint64_t size) {
  if (size >= KILN_HUGE_PAGE_SIZE && alignment < KILN_HUGE_PAGE_SIZE)
    alignment = KILN_HUGE_PAGE_SIZE;
  if (alignment < sizeof(void *))
    alignment = sizeof(void *);
  void *pointer = NULL;
  if (posix_memalign(&pointer, alignment, size ? size : 1) != 0)
    return NULL;
#ifdef MADV_HUGEPAGE
  if (size >= KILN_HUGE_PAGE_SIZE)
    madvise(pointer, size, MADV_HUGEPAGE);
#endif
  return pointer;
}

void *_mlir_memref_to_llvm_alloc(uint64_t size) {
  if (size >= KILN_HUGE_PAGE_SIZE)
    return _mlir_memref_to_llvm_aligned_alloc(KILN_HUGE_PAGE_SIZE, size);
  return malloc(size);
}

void _mlir_memref_to_llvm_free(void *pointer) { free(pointer); }

void kiln_shape_error(const char *message) {
  snprintf(lastError, sizeof(lastError), "%s", message);
  if (activeCall)
    longjmp(*activeCall, 1);
  fprintf(stderr, "kiln: shape error: %s\n", message);
  abort();
}
