/*===- kiln_runtime.c - the C runtime of compiled Kiln models -------------===*/

#define _GNU_SOURCE
#include "kiln/Runtime/kiln_runtime.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Per-thread state: the last error, the innermost kiln_invoke and the
 * buffers allocated during it (freed if the call fails half-way). */
typedef struct Call {
  jmp_buf resume;
  void **live;
  size_t liveCount, liveCapacity;
  int status;
} Call;

static _Thread_local char lastError[512];
static _Thread_local Call *activeCall;

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

/* From libomp: how many parallel regions enclose this thread, counting
 * those that run on one thread. */
int omp_get_level(void);

/* Whether a failure here may unwind to kiln_invoke: not from inside a
 * kernel's parallel loop, whose other threads would go on writing into
 * buffers the unwinding frees (worker threads have no active call at all). */
static int canUnwind(void) { return activeCall && omp_get_level() == 0; }

/* Leaves the active call with `status`: frees what it allocated so far. */
static void unwind(int status) {
  Call *call = activeCall;
  for (size_t i = 0; i < call->liveCount; ++i)
    free(call->live[i]);
  call->liveCount = 0;
  call->status = status;
  longjmp(call->resume, 1);
}

int kiln_invoke(void (*body)(void *), void *context) {
  Call call;
  memset(&call, 0, sizeof(call));
  /* Read back through a volatile pointer after longjmp: `call` changes
   * between setjmp and longjmp. */
  Call *volatile self = &call;
  Call *outer = activeCall;
  lastError[0] = '\0';
  if (setjmp(call.resume)) {
    free(self->live);
    activeCall = outer;
    return self->status;
  }
  activeCall = &call;
  body(context);
  /* Success: what is still allocated belongs to the results. */
  free(call.live);
  activeCall = outer;
  return KILN_OK;
}

void kiln_shape_error(const char *message) {
  snprintf(lastError, sizeof(lastError), "%s", message);
  if (canUnwind())
    unwind(KILN_ERROR_SHAPE);
  fprintf(stderr, "kiln: shape error: %s\n", message);
  abort();
}

/* Remembers `pointer` as allocated by the active call. */
static void track(void *pointer) {
  Call *call = activeCall;
  if (!call)
    return;
  if (call->liveCount == call->liveCapacity) {
    size_t capacity = call->liveCapacity ? 2 * call->liveCapacity : 16;
    void **grown = realloc(call->live, capacity * sizeof(void *));
    if (!grown) {
      free(pointer);
      snprintf(lastError, sizeof(lastError), "out of memory");
      if (canUnwind())
        unwind(KILN_ERROR_MEMORY);
      fprintf(stderr, "kiln: %s inside a parallel kernel\n", lastError);
      abort();
    }
    call->live = grown;
    call->liveCapacity = capacity;
  }
  call->live[call->liveCount++] = pointer;
}

static void untrack(void *pointer) {
  Call *call = activeCall;
  if (!call)
    return;
  for (size_t i = call->liveCount; i-- > 0;)
    if (call->live[i] == pointer) {
      call->live[i] = call->live[--call->liveCount];
      return;
    }
}

/* Buffers from this size on get huge pages. */
#define KILN_HUGE_PAGE_SIZE (2u << 20)

void *_mlir_memref_to_llvm_aligned_alloc(uint64_t alignment, uint64_t size) {
  if (size >= KILN_HUGE_PAGE_SIZE && alignment < KILN_HUGE_PAGE_SIZE)
    alignment = KILN_HUGE_PAGE_SIZE;
  if (alignment < sizeof(void *))
    alignment = sizeof(void *);
  void *pointer = NULL;
  if (posix_memalign(&pointer, alignment, size ? size : 1) != 0) {
    snprintf(lastError, sizeof(lastError),
             "out of memory allocating %llu bytes", (unsigned long long)size);
    if (canUnwind())
      unwind(KILN_ERROR_MEMORY);
    fprintf(stderr, "kiln: %s%s\n", lastError,
            omp_get_level() > 0 ? " inside a parallel kernel" : "");
    abort();
  }
#ifdef MADV_HUGEPAGE
  if (size >= KILN_HUGE_PAGE_SIZE)
    madvise(pointer, size, MADV_HUGEPAGE);
#endif
  track(pointer);
  return pointer;
}

void *_mlir_memref_to_llvm_alloc(uint64_t size) {
  return _mlir_memref_to_llvm_aligned_alloc(
      size >= KILN_HUGE_PAGE_SIZE ? KILN_HUGE_PAGE_SIZE : 16, size);
}

void _mlir_memref_to_llvm_free(void *pointer) {
  untrack(pointer);
  free(pointer);
}
