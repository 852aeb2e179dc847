/* Prints the size in bytes of this CPU's XSAVE area for the features the OS enabled (CPUID leaf 0xD, sub-leaf 0, EBX); 0 without XSAVE. */
#include <cpuid.h>
#include <stdio.h>

int main(void) {
  unsigned a, b, c, d;
  if (!__get_cpuid_count(0xd, 0, &a, &b, &c, &d)) b = 0;
  printf("%u\n", b);
  return 0;
}
