/*===- kiln_runtime.c - the C runtime of compiled Kiln models -------------===*/

#include "kiln/Runtime/kiln_runtime.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

void kiln_shape_error(const char *message) {
  snprintf(lastError, sizeof(lastError), "%s", message);
  if (activeCall)
    longjmp(*activeCall, 1);
  fprintf(stderr, "kiln: shape error: %s\n", message);
  abort();
}
