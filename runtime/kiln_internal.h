/*===- kiln_internal.h - what the runtime's parts share ---------*- C -*-===*
 *
 * Not installed: the error and unwinding machinery of kiln_runtime.c that
 * the CUDA part (kiln_cuda.c) uses too.
 *===---------------------------------------------------------------------===*/

#ifndef KILN_RUNTIME_KILN_INTERNAL_H
#define KILN_RUNTIME_KILN_INTERNAL_H

/* Fails the active call with `status` and a printf-formatted message: it
 * unwinds to kiln_invoke, which returns `status`. Outside a call (or inside
 * a parallel kernel) it prints the message and aborts. */
void kiln_fail_call(int status, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

/* Sets this thread's kiln_last_error() message. */
void kiln_set_error(const char *format, ...)
    __attribute__((format(printf, 1, 2)));

/* The active kiln_invoke of this thread (an identity only), or NULL. */
const void *kiln_active_call(void);

/* Called first when a call unwinds, to free what the hook's owner
 * allocated during the call (device buffers). */
typedef void (*kiln_unwind_hook)(void);
void kiln_set_unwind_hook(kiln_unwind_hook hook);

#endif /* KILN_RUNTIME_KILN_INTERNAL_H */
