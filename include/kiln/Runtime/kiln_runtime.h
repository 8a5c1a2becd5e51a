/*===- kiln_runtime.h - the C ABI compiled Kiln models use ------*- C -*-===*
 *
 * Everything a model compiled by kilnc needs at run time, and what its
 * generated header builds on. Link with -lkiln_runtime (plus libc and libm);
 * no LLVM or MLIR is needed at run time.
 *
 * A generated function `kiln_<name>` returns KILN_OK, or an error code with
 * a message from kiln_last_error() when the shapes it was given disagree
 * with the graph or memory runs out; the buffers the call had allocated are
 * freed then. It never reads or writes out of bounds. Results are allocated
 * by the model; release them with kiln_result_free().
 *
 * The runtime keeps no global state: the only state is per thread (the
 * error message, the active call and the cache of freed large buffers), so
 * compiled models may be called from several threads at once.
 *
 * Kernels run their tiles on OpenMP threads: link with libomp too
 * (-l:libomp.so.5, or -lomp with LLVM's library folder). The thread count is
 * OMP_NUM_THREADS, or all cores, until kiln_set_num_threads changes it.
 * An allocation that fails inside a kernel's parallel loop cannot unwind
 * (the kernel's other threads are still running): it prints a message and
 * aborts, as any failure does outside kiln_invoke.
 *===---------------------------------------------------------------------===*/

#ifndef KILN_RUNTIME_KILN_RUNTIME_H
#define KILN_RUNTIME_KILN_RUNTIME_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes of generated functions. */
enum {
  KILN_OK = 0,
  KILN_ERROR_SHAPE = 1,  /* an argument's shape disagrees with the graph */
  KILN_ERROR_MEMORY = 2, /* an allocation failed (host or GPU memory) */
  KILN_ERROR_NO_DEVICE = 3, /* no CUDA driver, or no GPU it can use */
  KILN_ERROR_DEVICE = 4,    /* a CUDA call failed (launch, copy, ...) */
  KILN_ERROR_ARGUMENT = 5,  /* a NULL data or result pointer */
};

/* The largest rank of a result. */
#define KILN_MAX_RANK 8

/* A result tensor: row-major and contiguous. */
typedef struct kiln_result {
  void *data;       /* the first element */
  void *allocation; /* what kiln_result_free releases */
  int32_t rank;
  int64_t shape[KILN_MAX_RANK];
} kiln_result;

/* Releases a result's memory; safe on a zeroed or already freed result. */
void kiln_result_free(kiln_result *result);

/* Each thread keeps up to 8 large buffers (2 MiB or more) that calls or
 * kiln_result_free freed on it, the largest ones, usually the model's arena
 * and large results, for its next call; this frees them now. They are freed
 * anyway when the thread exits. */
void kiln_release_memory(void);

/* The message of the last error on this thread ("" if none). */
const char *kiln_last_error(void);

/* Records a shape error found before calling into the model; returns
 * KILN_ERROR_SHAPE. The message is printf-formatted. */
int kiln_fail_shape(const char *format, ...);

/* Records a bad argument (a NULL pointer) found before calling into the
 * model; returns KILN_ERROR_ARGUMENT. */
int kiln_fail_argument(const char *message);

/* Runs `body(context)`. If the compiled code finds a shape error
 * (kiln_shape_error) or an allocation fails while it runs, the call unwinds
 * back here, frees the buffers allocated so far and returns the error code;
 * otherwise KILN_OK. */
int kiln_invoke(void (*body)(void *), void *context);

/* Called by compiled code when a run-time shape check fails. Inside
 * kiln_invoke it returns control there; outside it prints the message and
 * aborts. */
void kiln_shape_error(const char *message);

/* Heap allocation of compiled code (MLIR's generic allocation functions).
 * Large buffers are aligned to 2 MiB and advised to use transparent huge
 * pages, which saves most page faults on first touch. Results allocated
 * here are released by kiln_result_free, which (like the model's own frees)
 * keeps large buffers in the thread's cache for reuse rather than returning
 * them at once; see kiln_release_memory. */
void *_mlir_memref_to_llvm_alloc(uint64_t size);
void *_mlir_memref_to_llvm_aligned_alloc(uint64_t alignment, uint64_t size);
void _mlir_memref_to_llvm_free(void *pointer);

/* Threads the kernels of calls made from this thread may use (at least 1);
 * each call of a compiled function splits its kernels' tiles among them. */
void kiln_set_num_threads(int threads);
int kiln_get_num_threads(void);

/*===- NVIDIA GPUs ---------------------------------------------------------===
 *
 * Models compiled with `kilnc --target=cuda` run their kernels through the
 * CUDA driver, which the runtime opens (dlopen("libcuda.so.1")) on first
 * use: nothing links against CUDA, and CPU-only programs never load it. The
 * kernels' module is loaded once per process, on the first call. Device
 * buffers come from a caching allocator (freed buffers are kept per thread
 * for reuse; kiln_release_memory() does not touch them, kiln_cuda_release
 * does). Work runs on the calling thread's stream, by default one the
 * runtime creates per thread; calls return when it is done.
 *
 * Every CUDA failure is a status code (KILN_ERROR_NO_DEVICE,
 * KILN_ERROR_MEMORY, KILN_ERROR_DEVICE) with kiln_last_error() naming the
 * driver call and CUDA's message; nothing aborts.
 */

/* KILN_OK when a CUDA driver and GPU can be used; otherwise the error. */
int kiln_cuda_init(void);

/* Device memory and copies (bytes; `device` pointers are CUDA device
 * pointers). */
int kiln_cuda_malloc(void **device, uint64_t bytes);
int kiln_cuda_free(void *device);
int kiln_cuda_copy_to_device(void *device, const void *host, uint64_t bytes);
int kiln_cuda_copy_to_host(void *host, const void *device, uint64_t bytes);

/* The stream this thread's calls run on: a CUstream, or NULL for the
 * runtime's own per-thread stream. */
void kiln_cuda_set_stream(void *stream);
/* Waits for this thread's stream. */
int kiln_cuda_synchronize(void);
/* Frees the device buffers this thread keeps for reuse. */
void kiln_cuda_release(void);

/* Times `body(context)` on this thread's stream with CUDA events: `ms` is
 * the GPU time between the events recorded before and after it. */
int kiln_cuda_time(void (*body)(void *), void *context, float *ms);

/* Releases a result of a `kiln_<name>_device` function (device memory). */
void kiln_cuda_result_free(kiln_result *result);

/* Called by the header of a GPU model, inside kiln_invoke: move an argument
 * (a memref descriptor of `rank`) to a fresh device buffer, a result to a
 * fresh host buffer (row-major), and free the device buffers of a call
 * (each distinct pointer once). */
void kiln_cuda_memref_to_device(void *descriptor, int64_t rank,
                                uint64_t elementBytes);
void kiln_cuda_memref_to_host(void *descriptor, int64_t rank,
                              uint64_t elementBytes);
void kiln_cuda_free_buffers(void **pointers, int64_t count);

/* The upstream MLIR GPU lowering calls these (Kiln implements them on the
 * driver API; they are not for direct use). */
void *mgpuModuleLoad(void *data, uint64_t size);
void *mgpuModuleLoadJIT(void *data, int optLevel);
void mgpuModuleUnload(void *module);
void *mgpuModuleGetFunction(void *module, const char *name);
void mgpuLaunchKernel(void *function, intptr_t gridX, intptr_t gridY,
                      intptr_t gridZ, intptr_t blockX, intptr_t blockY,
                      intptr_t blockZ, int32_t sharedMemoryBytes, void *stream,
                      void **params, void **extra, uint64_t paramCount);
void *mgpuStreamCreate(void);
void mgpuStreamDestroy(void *stream);
void mgpuStreamSynchronize(void *stream);
void mgpuStreamWaitEvent(void *stream, void *event);
void *mgpuEventCreate(void);
void mgpuEventDestroy(void *event);
void mgpuEventSynchronize(void *event);
void mgpuEventRecord(void *event, void *stream);
void *mgpuMemAlloc(uint64_t bytes, void *stream, uint8_t hostShared);
void mgpuMemFree(void *pointer, void *stream);
void mgpuMemcpy(void *destination, void *source, uint64_t bytes,
                void *stream);
void mgpuMemset32(void *destination, uint32_t value, uint64_t count,
                  void *stream);

#ifdef __cplusplus
}
#endif

#endif /* KILN_RUNTIME_KILN_RUNTIME_H */
