// glibc's malloc tuning (mallopt), for coach-server's start-up.
#include <malloc.h>
