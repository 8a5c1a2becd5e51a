/*===- kiln_runtime.c - the C runtime of compiled Kiln models -------------===*/

#define _GNU_SOURCE
#include "kiln/Runtime/kiln_runtime.h"
#include "kiln_internal.h"

#include <malloc.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
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

static void release(void *pointer);

void kiln_result_free(kiln_result *result) {
  if (!result)
    return;
  release(result->allocation);
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

int kiln_fail_argument(const char *message) {
  snprintf(lastError, sizeof(lastError), "%s", message);
  return KILN_ERROR_ARGUMENT;
}

/* From libomp: how many parallel regions enclose this thread, counting
 * those that run on one thread. */
int omp_get_level(void);

/* Whether a failure here may unwind to kiln_invoke: not from inside a
 * kernel's parallel loop, whose other threads would go on writing into
 * buffers the unwinding frees (worker threads have no active call at all). */
static int canUnwind(void) { return activeCall && omp_get_level() == 0; }

static kiln_unwind_hook unwindHook;

void kiln_set_unwind_hook(kiln_unwind_hook hook) { unwindHook = hook; }

const void *kiln_active_call(void) { return activeCall; }

/* Leaves the active call with `status`: frees what it allocated so far. */
static void unwind(int status) {
  Call *call = activeCall;
  if (unwindHook)
    unwindHook();
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

void kiln_fail_call(int status, const char *format, ...) {
  /* Formatted aside first: an argument may be kiln_last_error() itself. */
  char message[sizeof(lastError)];
  va_list args;
  va_start(args, format);
  vsnprintf(message, sizeof(message), format, args);
  va_end(args);
  memcpy(lastError, message, sizeof(lastError));
  if (canUnwind())
    unwind(status);
  fprintf(stderr, "kiln: error: %s\n", lastError);
  abort();
}

void kiln_set_error(const char *format, ...) {
  char message[sizeof(lastError)];
  va_list args;
  va_start(args, format);
  vsnprintf(message, sizeof(message), format, args);
  va_end(args);
  memcpy(lastError, message, sizeof(lastError));
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

/* Each thread keeps the last few large buffers it freed for its next call:
 * a model allocates the same arena and large results in every call, and
 * allocating them afresh cost a mmap, a munmap and the kernel zeroing every
 * page (a tenth of a small CNN's training step; an MLP step frees its
 * arena and two large weight results). The buffers are freed when the
 * thread exits or calls kiln_release_memory(). */
#define KILN_SPARE_SLOTS 8

typedef struct {
  void *pointer;
  size_t size;
} Spare;

static _Thread_local Spare spares[KILN_SPARE_SLOTS];
static _Thread_local int spareCount;
static pthread_key_t spareKey;
static pthread_once_t spareKeyOnce = PTHREAD_ONCE_INIT;

/* The key's value is the exiting thread's `spares`, whose count is the
 * slot after the last buffer. */
static void freeAtThreadExit(void *value) {
  Spare *kept = value;
  for (int i = 0; i < KILN_SPARE_SLOTS && kept[i].pointer; ++i)
    free(kept[i].pointer);
}
static void createSpareKey(void) {
  pthread_key_create(&spareKey, freeAtThreadExit);
}

/* Clears the slots after the last buffer, so that freeAtThreadExit stops
 * there, and registers the thread's buffers for its exit. */
static void sparesChanged(void) {
  for (int i = spareCount; i < KILN_SPARE_SLOTS; ++i)
    spares[i] = (Spare){NULL, 0};
  pthread_once(&spareKeyOnce, createSpareKey);
  pthread_setspecific(spareKey, spareCount ? spares : NULL);
}

/* The smallest kept buffer that holds `size` bytes without wasting half of
 * it, taken out of the cache; NULL if none. */
static void *takeSpare(uint64_t size) {
  int best = -1;
  for (int i = 0; i < spareCount; ++i)
    if (spares[i].size >= size && spares[i].size / 2 <= size &&
        (best < 0 || spares[i].size < spares[best].size))
      best = i;
  if (best < 0)
    return NULL;
  void *pointer = spares[best].pointer;
  spares[best] = spares[--spareCount];
  sparesChanged();
  return pointer;
}

/* Frees `pointer`, or keeps it when it is large: in a free slot, or in
 * place of the smallest kept buffer if it is larger. */
static void release(void *pointer) {
  size_t size = pointer ? malloc_usable_size(pointer) : 0;
  if (size < KILN_HUGE_PAGE_SIZE || (uintptr_t)pointer % KILN_HUGE_PAGE_SIZE) {
    free(pointer);
    return;
  }
  int slot = spareCount;
  if (spareCount == KILN_SPARE_SLOTS) {
    slot = 0;
    for (int i = 1; i < spareCount; ++i)
      if (spares[i].size < spares[slot].size)
        slot = i;
    if (spares[slot].size >= size) {
      free(pointer);
      return;
    }
    free(spares[slot].pointer);
  } else {
    ++spareCount;
  }
  spares[slot] = (Spare){pointer, size};
  sparesChanged();
}

void kiln_release_memory(void) {
  for (int i = 0; i < spareCount; ++i)
    free(spares[i].pointer);
  spareCount = 0;
  sparesChanged();
}

void *_mlir_memref_to_llvm_aligned_alloc(uint64_t alignment, uint64_t size) {
  if (size >= KILN_HUGE_PAGE_SIZE && alignment <= KILN_HUGE_PAGE_SIZE) {
    void *reused = takeSpare(size);
    if (reused) {
      track(reused);
      return reused;
    }
  }
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
  release(pointer);
}
