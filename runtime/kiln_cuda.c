/*===- kiln_cuda.c - GPU models on the CUDA driver API -------------------===*
 *
 * The runtime's CUDA part: the driver is opened with dlopen on first use
 * (so nothing links against CUDA), the kernels' module is loaded once per
 * process on the first launch, device buffers come from a per-thread
 * caching allocator, and every driver failure becomes a status code with
 * the call and CUDA's message in kiln_last_error(). The mgpu* functions
 * are the interface MLIR's GPU-to-LLVM lowering calls.
 *===---------------------------------------------------------------------===*/

#define _GNU_SOURCE
#include "kiln/Runtime/kiln_runtime.h"
#include "kiln_internal.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*--- The driver API, as far as Kiln uses it ------------------------------*/

typedef int CUresult; /* CUDA_SUCCESS = 0 */
typedef int CUdevice;
typedef struct CUctx_st *CUcontext;
typedef struct CUmod_st *CUmodule;
typedef struct CUfunc_st *CUfunction;
typedef struct CUstream_st *CUstream;
typedef struct CUevent_st *CUevent;
typedef uint64_t CUdeviceptr;

enum {
  CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75,
  CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76,
  CU_JIT_OPTIMIZATION_LEVEL = 7,
  CU_STREAM_NON_BLOCKING = 1,
  CUDA_ERROR_OUT_OF_MEMORY = 2,
};

static struct {
  CUresult (*cuInit)(unsigned);
  CUresult (*cuDeviceGetCount)(int *);
  CUresult (*cuDeviceGet)(CUdevice *, int);
  CUresult (*cuDeviceGetAttribute)(int *, int, CUdevice);
  CUresult (*cuDevicePrimaryCtxRetain)(CUcontext *, CUdevice);
  CUresult (*cuCtxSetCurrent)(CUcontext);
  CUresult (*cuGetErrorName)(CUresult, const char **);
  CUresult (*cuGetErrorString)(CUresult, const char **);
  CUresult (*cuModuleLoadData)(CUmodule *, const void *);
  CUresult (*cuModuleLoadDataEx)(CUmodule *, const void *, unsigned, int *,
                                 void **);
  CUresult (*cuModuleUnload)(CUmodule);
  CUresult (*cuModuleGetFunction)(CUfunction *, CUmodule, const char *);
  CUresult (*cuLaunchKernel)(CUfunction, unsigned, unsigned, unsigned,
                             unsigned, unsigned, unsigned, unsigned, CUstream,
                             void **, void **);
  CUresult (*cuStreamCreate)(CUstream *, unsigned);
  CUresult (*cuStreamSynchronize)(CUstream);
  CUresult (*cuStreamWaitEvent)(CUstream, CUevent, unsigned);
  CUresult (*cuEventCreate)(CUevent *, unsigned);
  CUresult (*cuEventDestroy)(CUevent);
  CUresult (*cuEventRecord)(CUevent, CUstream);
  CUresult (*cuEventSynchronize)(CUevent);
  CUresult (*cuEventElapsedTime)(float *, CUevent, CUevent);
  CUresult (*cuMemAlloc)(CUdeviceptr *, size_t);
  CUresult (*cuMemFree)(CUdeviceptr);
  CUresult (*cuMemcpyAsync)(CUdeviceptr, CUdeviceptr, size_t, CUstream);
  CUresult (*cuMemsetD32Async)(CUdeviceptr, unsigned, size_t, CUstream);
} cu;

static pthread_once_t driverOnce = PTHREAD_ONCE_INIT;
static int driverStatus = KILN_ERROR_NO_DEVICE;
static char driverError[256];
static CUcontext context;

/* Formats `call`'s failure with CUDA's name and message for it. */
static void describe(char *buffer, size_t size, const char *call,
                     CUresult result) {
  const char *name = NULL, *text = NULL;
  if (cu.cuGetErrorName && cu.cuGetErrorName(result, &name) == 0 &&
      cu.cuGetErrorString && cu.cuGetErrorString(result, &text) == 0 &&
      name && text)
    snprintf(buffer, size, "%s failed: %s (%s)", call, name, text);
  else
    snprintf(buffer, size, "%s failed: CUDA error %d", call, result);
}

static void openDriver(void) {
  void *library = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
  if (!library) {
    snprintf(driverError, sizeof(driverError),
             "no CUDA driver: cannot load libcuda.so.1 (%s)", dlerror());
    return;
  }
#define KILN_LOAD(field, symbol)                                               \
  if (!(*(void **)&cu.field = dlsym(library, symbol))) {                       \
    snprintf(driverError, sizeof(driverError),                                 \
             "the CUDA driver lacks %s (too old?)", symbol);                   \
    return;                                                                    \
  }
  KILN_LOAD(cuInit, "cuInit");
  KILN_LOAD(cuGetErrorName, "cuGetErrorName");
  KILN_LOAD(cuGetErrorString, "cuGetErrorString");
  KILN_LOAD(cuDeviceGetCount, "cuDeviceGetCount");
  KILN_LOAD(cuDeviceGet, "cuDeviceGet");
  KILN_LOAD(cuDeviceGetAttribute, "cuDeviceGetAttribute");
  KILN_LOAD(cuDevicePrimaryCtxRetain, "cuDevicePrimaryCtxRetain");
  KILN_LOAD(cuCtxSetCurrent, "cuCtxSetCurrent");
  KILN_LOAD(cuModuleLoadData, "cuModuleLoadData");
  KILN_LOAD(cuModuleLoadDataEx, "cuModuleLoadDataEx");
  KILN_LOAD(cuModuleUnload, "cuModuleUnload");
  KILN_LOAD(cuModuleGetFunction, "cuModuleGetFunction");
  KILN_LOAD(cuLaunchKernel, "cuLaunchKernel");
  KILN_LOAD(cuStreamCreate, "cuStreamCreate");
  KILN_LOAD(cuStreamSynchronize, "cuStreamSynchronize");
  KILN_LOAD(cuStreamWaitEvent, "cuStreamWaitEvent");
  KILN_LOAD(cuEventCreate, "cuEventCreate");
  KILN_LOAD(cuEventDestroy, "cuEventDestroy_v2");
  KILN_LOAD(cuEventRecord, "cuEventRecord");
  KILN_LOAD(cuEventSynchronize, "cuEventSynchronize");
  KILN_LOAD(cuEventElapsedTime, "cuEventElapsedTime");
  KILN_LOAD(cuMemAlloc, "cuMemAlloc_v2");
  KILN_LOAD(cuMemFree, "cuMemFree_v2");
  KILN_LOAD(cuMemcpyAsync, "cuMemcpyAsync");
  KILN_LOAD(cuMemsetD32Async, "cuMemsetD32Async");
#undef KILN_LOAD
  CUresult result = cu.cuInit(0);
  if (result != 0) {
    describe(driverError, sizeof(driverError), "cuInit", result);
    return;
  }
  int devices = 0;
  result = cu.cuDeviceGetCount(&devices);
  if (result != 0 || devices == 0) {
    snprintf(driverError, sizeof(driverError),
             "no CUDA device: the driver sees no GPU");
    return;
  }
  /* KILN_CUDA_DEVICE picks a GPU other than the first. */
  const char *chosen = getenv("KILN_CUDA_DEVICE");
  int ordinal = chosen ? atoi(chosen) : 0;
  CUdevice device;
  if ((result = cu.cuDeviceGet(&device, ordinal)) != 0) {
    describe(driverError, sizeof(driverError), "cuDeviceGet", result);
    return;
  }
  if ((result = cu.cuDevicePrimaryCtxRetain(&context, device)) != 0) {
    describe(driverError, sizeof(driverError), "cuDevicePrimaryCtxRetain",
             result);
    return;
  }
  driverStatus = KILN_OK;
}

/* Per thread: whether the context is current, the stream, the device
 * buffers allocated by the active call (freed if it unwinds) and the
 * freed buffers kept for reuse. */
#define KILN_CUDA_LIVE 64
#define KILN_CUDA_SPARES 16

typedef struct {
  CUdeviceptr pointer;
  uint64_t size;
} Block;

static _Thread_local int contextCurrent;
static _Thread_local CUstream ownStream, userStream;
static _Thread_local const void *liveCall;
static _Thread_local CUdeviceptr live[KILN_CUDA_LIVE];
static _Thread_local int liveCount;
static _Thread_local Block spares[KILN_CUDA_SPARES];
static _Thread_local int spareCount;

/* Sizes of the device buffers handed out, to find a freed buffer's size. */
static pthread_mutex_t sizesLock = PTHREAD_MUTEX_INITIALIZER;
static Block *sizes;
static size_t sizeCount, sizeCapacity;

static void freeLiveBuffers(void);

/* KILN_OK once the driver, device and this thread's context are ready;
 * otherwise the status, with the message set. */
static int ready(void) {
  pthread_once(&driverOnce, openDriver);
  if (driverStatus != KILN_OK) {
    kiln_set_error("%s", driverError);
    return driverStatus;
  }
  if (!contextCurrent) {
    CUresult result = cu.cuCtxSetCurrent(context);
    if (result != 0) {
      char message[256];
      describe(message, sizeof(message), "cuCtxSetCurrent", result);
      kiln_set_error("%s", message);
      return KILN_ERROR_DEVICE;
    }
    kiln_set_unwind_hook(freeLiveBuffers);
    contextCurrent = 1;
  }
  return KILN_OK;
}

/* Inside compiled code: fails the call unless the driver is ready. */
static void require(void) {
  int status = ready();
  if (status != KILN_OK)
    kiln_fail_call(status, "%s", kiln_last_error());
}

/* The status of a failed driver call, with its message set. */
static int failure(const char *call, CUresult result) {
  char message[384];
  describe(message, sizeof(message), call, result);
  kiln_set_error("%s", message);
  return result == CUDA_ERROR_OUT_OF_MEMORY ? KILN_ERROR_MEMORY
                                            : KILN_ERROR_DEVICE;
}

/* Inside compiled code: fails the call if a driver call failed. */
static void check(const char *call, CUresult result) {
  if (result != 0) {
    int status = failure(call, result);
    kiln_fail_call(status, "%s", kiln_last_error());
  }
}

/* This thread's stream, created on first use; the status on failure. */
static int streamFor(CUstream *stream) {
  if (!userStream && !ownStream) {
    CUresult result = cu.cuStreamCreate(&ownStream, CU_STREAM_NON_BLOCKING);
    if (result != 0)
      return failure("cuStreamCreate", result);
  }
  *stream = userStream ? userStream : ownStream;
  return KILN_OK;
}

static CUstream currentStream(void) {
  CUstream stream = NULL;
  int status = streamFor(&stream);
  if (status != KILN_OK)
    kiln_fail_call(status, "%s", kiln_last_error());
  return stream;
}

/*--- Device memory --------------------------------------------------------*/

static void rememberSize(CUdeviceptr pointer, uint64_t size) {
  pthread_mutex_lock(&sizesLock);
  if (sizeCount == sizeCapacity) {
    size_t capacity = sizeCapacity ? 2 * sizeCapacity : 64;
    Block *grown = realloc(sizes, capacity * sizeof(Block));
    if (grown) {
      sizes = grown;
      sizeCapacity = capacity;
    }
  }
  if (sizeCount < sizeCapacity)
    sizes[sizeCount++] = (Block){pointer, size};
  pthread_mutex_unlock(&sizesLock);
}

static uint64_t forgetSize(CUdeviceptr pointer) {
  uint64_t size = 0;
  pthread_mutex_lock(&sizesLock);
  for (size_t i = 0; i < sizeCount; ++i)
    if (sizes[i].pointer == pointer) {
      size = sizes[i].size;
      sizes[i] = sizes[--sizeCount];
      break;
    }
  pthread_mutex_unlock(&sizesLock);
  return size;
}

/* A device buffer of `size` bytes: a kept one if one fits without wasting
 * half of it, else a fresh one (after dropping the kept ones if memory ran
 * out). 0 with the status in `status` on failure. */
static CUdeviceptr allocate(uint64_t size, int *status) {
  if (size == 0)
    size = 1;
  int best = -1;
  for (int i = 0; i < spareCount; ++i)
    if (spares[i].size >= size && spares[i].size / 2 <= size &&
        (best < 0 || spares[i].size < spares[best].size))
      best = i;
  CUdeviceptr pointer = 0;
  if (best >= 0) {
    pointer = spares[best].pointer;
    size = spares[best].size;
    spares[best] = spares[--spareCount];
  } else {
    CUresult result = cu.cuMemAlloc(&pointer, size);
    if (result == CUDA_ERROR_OUT_OF_MEMORY && spareCount > 0) {
      kiln_cuda_release();
      result = cu.cuMemAlloc(&pointer, size);
    }
    if (result != 0) {
      *status = failure("cuMemAlloc", result);
      return 0;
    }
  }
  rememberSize(pointer, size);
  *status = KILN_OK;
  return pointer;
}

/* Frees `pointer` into this thread's cache (its work on this thread's
 * stream is ordered before any reuse), or to the driver when full. */
static void release(CUdeviceptr pointer) {
  uint64_t size = forgetSize(pointer);
  if (spareCount < KILN_CUDA_SPARES && size > 0) {
    spares[spareCount++] = (Block){pointer, size};
    return;
  }
  cu.cuMemFree(pointer);
}

void kiln_cuda_release(void) {
  for (int i = 0; i < spareCount; ++i)
    cu.cuMemFree(spares[i].pointer);
  spareCount = 0;
}

/* The active call's buffers: the list restarts with each call. */
static void trackLive(CUdeviceptr pointer) {
  const void *call = kiln_active_call();
  if (!call)
    return;
  if (call != liveCall) {
    liveCall = call;
    liveCount = 0;
  }
  if (liveCount < KILN_CUDA_LIVE)
    live[liveCount++] = pointer;
}

static void untrackLive(CUdeviceptr pointer) {
  if (liveCall != kiln_active_call())
    return;
  for (int i = liveCount; i-- > 0;)
    if (live[i] == pointer) {
      live[i] = live[--liveCount];
      return;
    }
}

static void freeLiveBuffers(void) {
  if (liveCall != kiln_active_call())
    return;
  for (int i = 0; i < liveCount; ++i)
    release(live[i]);
  liveCount = 0;
  liveCall = NULL;
}

/*--- The public API -------------------------------------------------------*/

int kiln_cuda_init(void) { return ready(); }

int kiln_cuda_malloc(void **device, uint64_t bytes) {
  int status = ready();
  if (status != KILN_OK)
    return status;
  CUdeviceptr pointer = allocate(bytes, &status);
  *device = (void *)(uintptr_t)pointer;
  return status;
}

int kiln_cuda_free(void *device) {
  int status = ready();
  if (status != KILN_OK || !device)
    return status;
  release((CUdeviceptr)(uintptr_t)device);
  return KILN_OK;
}

static int copy(void *destination, const void *source, uint64_t bytes) {
  int status = ready();
  if (status != KILN_OK)
    return status;
  if (bytes == 0)
    return KILN_OK;
  CUstream stream = NULL;
  if ((status = streamFor(&stream)) != KILN_OK)
    return status;
  CUresult result =
      cu.cuMemcpyAsync((CUdeviceptr)(uintptr_t)destination,
                       (CUdeviceptr)(uintptr_t)source, bytes, stream);
  if (result != 0)
    return failure("cuMemcpyAsync", result);
  result = cu.cuStreamSynchronize(stream);
  return result != 0 ? failure("cuStreamSynchronize", result) : KILN_OK;
}

int kiln_cuda_copy_to_device(void *device, const void *host, uint64_t bytes) {
  return copy(device, host, bytes);
}

int kiln_cuda_copy_to_host(void *host, const void *device, uint64_t bytes) {
  return copy(host, device, bytes);
}

void kiln_cuda_set_stream(void *stream) { userStream = (CUstream)stream; }

int kiln_cuda_synchronize(void) {
  int status = ready();
  if (status != KILN_OK)
    return status;
  CUstream stream = userStream ? userStream : ownStream;
  if (!stream)
    return KILN_OK;
  CUresult result = cu.cuStreamSynchronize(stream);
  return result != 0 ? failure("cuStreamSynchronize", result) : KILN_OK;
}

int kiln_cuda_time(void (*body)(void *), void *contextArg, float *ms) {
  int status = ready();
  if (status != KILN_OK)
    return status;
  CUevent start, stop;
  CUresult result = cu.cuEventCreate(&start, 0);
  if (result != 0)
    return failure("cuEventCreate", result);
  if ((result = cu.cuEventCreate(&stop, 0)) != 0) {
    cu.cuEventDestroy(start);
    return failure("cuEventCreate", result);
  }
  CUstream stream = NULL;
  status = streamFor(&stream);
  if (status == KILN_OK && (result = cu.cuEventRecord(start, stream)) != 0)
    status = failure("cuEventRecord", result);
  if (status == KILN_OK)
    status = kiln_invoke(body, contextArg);
  if (status == KILN_OK && (result = cu.cuEventRecord(stop, stream)) != 0)
    status = failure("cuEventRecord", result);
  if (status == KILN_OK && (result = cu.cuEventSynchronize(stop)) != 0)
    status = failure("cuEventSynchronize", result);
  if (status == KILN_OK &&
      (result = cu.cuEventElapsedTime(ms, start, stop)) != 0)
    status = failure("cuEventElapsedTime", result);
  cu.cuEventDestroy(start);
  cu.cuEventDestroy(stop);
  return status;
}

/*--- What MLIR's GPU lowering calls ---------------------------------------*/

/* A kernel module, loaded on first use: the image (PTX for the driver to
 * JIT, or a cubin) and the functions looked up so far. */
#define KILN_CUDA_FUNCTIONS 256

typedef struct {
  const void *image;
  int jit, optLevel;
  pthread_once_t once;
  CUresult loadResult;
  CUmodule module;
  pthread_mutex_t lock;
  const char *names[KILN_CUDA_FUNCTIONS];
  CUfunction functions[KILN_CUDA_FUNCTIONS];
  int functionCount;
} Module;

/* pthread_once takes no argument: the module being loaded. */
static _Thread_local Module *loading;

static void loadModule(void) {
  Module *module = loading;
  if (module->jit) {
    int options[] = {CU_JIT_OPTIMIZATION_LEVEL};
    void *values[] = {(void *)(intptr_t)module->optLevel};
    module->loadResult = cu.cuModuleLoadDataEx(&module->module, module->image,
                                               1, options, values);
  } else {
    module->loadResult = cu.cuModuleLoadData(&module->module, module->image);
  }
}

/* Called by a global constructor at program start: records the image
 * only, so that a program without a GPU starts and fails its first call
 * cleanly. */
static void *newModule(const void *image, int jit, int optLevel) {
  Module *module = calloc(1, sizeof(Module));
  if (!module)
    return NULL;
  module->image = image;
  module->jit = jit;
  module->optLevel = optLevel;
  module->once = (pthread_once_t)PTHREAD_ONCE_INIT;
  pthread_mutex_init(&module->lock, NULL);
  return module;
}

void *mgpuModuleLoad(void *data, uint64_t size) {
  (void)size;
  return newModule(data, 0, 0);
}

void *mgpuModuleLoadJIT(void *data, int optLevel) {
  return newModule(data, 1, optLevel);
}

void mgpuModuleUnload(void *handle) {
  Module *module = handle;
  if (!module)
    return;
  /* At exit the driver may be gone already; the process ends anyway. */
  free(module);
}

void *mgpuModuleGetFunction(void *handle, const char *name) {
  Module *module = handle;
  require();
  if (!module)
    kiln_fail_call(KILN_ERROR_MEMORY, "out of memory recording a module");
  loading = module;
  pthread_once(&module->once, loadModule);
  check(module->jit ? "cuModuleLoadDataEx (JIT-compiling the PTX)"
                    : "cuModuleLoadData",
        module->loadResult);
  pthread_mutex_lock(&module->lock);
  for (int i = 0; i < module->functionCount; ++i)
    if (module->names[i] == name || strcmp(module->names[i], name) == 0) {
      CUfunction function = module->functions[i];
      pthread_mutex_unlock(&module->lock);
      return function;
    }
  CUfunction function = NULL;
  CUresult result = cu.cuModuleGetFunction(&function, module->module, name);
  if (result == 0 && module->functionCount < KILN_CUDA_FUNCTIONS) {
    module->names[module->functionCount] = name;
    module->functions[module->functionCount++] = function;
  }
  pthread_mutex_unlock(&module->lock);
  check("cuModuleGetFunction", result);
  return function;
}

void mgpuLaunchKernel(void *function, intptr_t gridX, intptr_t gridY,
                      intptr_t gridZ, intptr_t blockX, intptr_t blockY,
                      intptr_t blockZ, int32_t sharedMemoryBytes, void *stream,
                      void **params, void **extra, uint64_t paramCount) {
  (void)paramCount;
  check("cuLaunchKernel",
        cu.cuLaunchKernel((CUfunction)function, gridX, gridY, gridZ, blockX,
                          blockY, blockZ, sharedMemoryBytes, (CUstream)stream,
                          params, extra));
}

void *mgpuStreamCreate(void) {
  require();
  return currentStream();
}

/* The stream is the thread's (or the user's): it outlives the call. */
void mgpuStreamDestroy(void *stream) { (void)stream; }

void mgpuStreamSynchronize(void *stream) {
  check("cuStreamSynchronize (kernel execution)",
        cu.cuStreamSynchronize((CUstream)stream));
}

void mgpuStreamWaitEvent(void *stream, void *event) {
  check("cuStreamWaitEvent",
        cu.cuStreamWaitEvent((CUstream)stream, (CUevent)event, 0));
}

void *mgpuEventCreate(void) {
  require();
  CUevent event = NULL;
  check("cuEventCreate", cu.cuEventCreate(&event, 0));
  return event;
}

void mgpuEventDestroy(void *event) { cu.cuEventDestroy((CUevent)event); }

void mgpuEventSynchronize(void *event) {
  check("cuEventSynchronize", cu.cuEventSynchronize((CUevent)event));
}

void mgpuEventRecord(void *event, void *stream) {
  check("cuEventRecord", cu.cuEventRecord((CUevent)event, (CUstream)stream));
}

void *mgpuMemAlloc(uint64_t bytes, void *stream, uint8_t hostShared) {
  (void)stream;
  require();
  if (hostShared)
    kiln_fail_call(KILN_ERROR_DEVICE, "host-shared GPU memory is not used "
                                      "by Kiln");
  int status;
  CUdeviceptr pointer = allocate(bytes, &status);
  if (status != KILN_OK)
    kiln_fail_call(status, "%s (%llu bytes)", kiln_last_error(),
                   (unsigned long long)bytes);
  trackLive(pointer);
  return (void *)(uintptr_t)pointer;
}

void mgpuMemFree(void *pointer, void *stream) {
  (void)stream;
  if (!pointer)
    return;
  untrackLive((CUdeviceptr)(uintptr_t)pointer);
  release((CUdeviceptr)(uintptr_t)pointer);
}

void mgpuMemcpy(void *destination, void *source, uint64_t bytes,
                void *stream) {
  if (bytes == 0)
    return;
  check("cuMemcpyAsync",
        cu.cuMemcpyAsync((CUdeviceptr)(uintptr_t)destination,
                         (CUdeviceptr)(uintptr_t)source, bytes,
                         (CUstream)stream));
}

void mgpuMemset32(void *destination, uint32_t value, uint64_t count,
                  void *stream) {
  check("cuMemsetD32Async",
        cu.cuMemsetD32Async((CUdeviceptr)(uintptr_t)destination, value, count,
                            (CUstream)stream));
}

/*--- What a GPU model's generated header calls -----------------------------*/

typedef struct {
  void *allocated, *aligned;
  int64_t offset;
  int64_t shape[]; /* sizes[rank], then strides[rank] */
} Descriptor;

void kiln_cuda_memref_to_device(void *descriptor, int64_t rank,
                                uint64_t elementBytes) {
  Descriptor *d = descriptor;
  uint64_t bytes = elementBytes;
  for (int64_t i = 0; i < rank; ++i)
    bytes *= (uint64_t)d->shape[i];
  void *device = mgpuMemAlloc(bytes, NULL, 0);
  int status = copy(device, (const char *)d->aligned + d->offset * elementBytes,
                    bytes);
  if (status != KILN_OK)
    kiln_fail_call(status, "%s", kiln_last_error());
  d->allocated = d->aligned = device;
  d->offset = 0;
  for (int64_t i = rank - 1, stride = 1; i >= 0; stride *= d->shape[i--])
    d->shape[rank + i] = stride;
}

void kiln_cuda_memref_to_host(void *descriptor, int64_t rank,
                              uint64_t elementBytes) {
  Descriptor *d = descriptor;
  uint64_t count = 1;
  for (int64_t i = 0; i < rank; ++i)
    count *= (uint64_t)d->shape[i];
  /* A row-major copy: gather element by element if the result is
   * strided, else one copy. */
  int contiguous = 1;
  for (int64_t i = rank - 1, stride = 1; i >= 0; stride *= d->shape[i--])
    if (d->shape[i] != 1 && d->shape[rank + i] != stride)
      contiguous = 0;
  void *host = _mlir_memref_to_llvm_alloc(count * elementBytes);
  const char *first = (const char *)d->aligned + d->offset * elementBytes;
  int status = KILN_OK;
  if (contiguous) {
    status = copy(host, first, count * elementBytes);
  } else {
    for (uint64_t e = 0; e < count && status == KILN_OK; ++e) {
      int64_t offset = 0;
      uint64_t rest = e;
      for (int64_t i = rank - 1; i >= 0; --i) {
        offset += (int64_t)(rest % (uint64_t)d->shape[i]) * d->shape[rank + i];
        rest /= (uint64_t)d->shape[i];
      }
      status = copy((char *)host + e * elementBytes,
                    first + offset * elementBytes, elementBytes);
    }
  }
  if (status != KILN_OK)
    kiln_fail_call(status, "%s", kiln_last_error());
  d->allocated = d->aligned = host;
  d->offset = 0;
  for (int64_t i = rank - 1, stride = 1; i >= 0; stride *= d->shape[i--])
    d->shape[rank + i] = stride;
}

void kiln_cuda_free_buffers(void **pointers, int64_t count) {
  for (int64_t i = 0; i < count; ++i) {
    int seen = 0;
    for (int64_t j = 0; j < i && !seen; ++j)
      seen = pointers[j] == pointers[i];
    if (!seen && pointers[i])
      mgpuMemFree(pointers[i], NULL);
  }
}

void kiln_cuda_result_free(kiln_result *result) {
  if (!result)
    return;
  if (result->allocation)
    kiln_cuda_free(result->allocation);
  result->allocation = NULL;
  result->data = NULL;
}
