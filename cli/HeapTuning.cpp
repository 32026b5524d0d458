// HeapTuning: a padded heap extension advised as huge pages (glibc's malloc on Linux).
#include "cli/HeapTuning.h"

#include <cstdint>
#include <cstdlib> // defines __GLIBC__ through <features.h>

#if defined(__linux__) && defined(__GLIBC__)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define DV_OWN_ALLOCATOR 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define DV_OWN_ALLOCATOR 1
#endif
#endif

namespace dv::cli {

void prepareHeapForMetadata(unsigned long bytes) {
#if defined(__linux__) && defined(__GLIBC__) && !defined(DV_OWN_ALLOCATOR)
  // The listing model of a 10,000-file image is ~10^5 allocations of tens to hundreds of bytes;
  // with 4 KiB pages, faulting them in cost more than building them. glibc grows the heap by
  // M_TOP_PAD beyond each request and keeps that much when trimming, so one extension of `bytes`
  // is made now and advised as huge pages (THP "madvise" mode, Debian's default). Large vectors
  // stay on the heap too (a raised mmap threshold), so they share the advised range.
  constexpr uintptr_t kHuge = uintptr_t{2} << 20;
  if (mallopt(M_TOP_PAD, static_cast<int>(bytes)) == 0) return;
  mallopt(M_TRIM_THRESHOLD, static_cast<int>(bytes) * 2);
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  const auto before = reinterpret_cast<uintptr_t>(sbrk(0));
  // A request larger than the free top of the heap makes malloc extend it by the request plus the pad.
  const struct mallinfo2 info = mallinfo2();
  void* probe = std::malloc(info.keepcost + 4096);
  if (probe == nullptr) return;
  std::free(probe);
  const auto after = reinterpret_cast<uintptr_t>(sbrk(0));
  if (after <= before) return;
  const uintptr_t begin = (before + kHuge - 1) & ~(kHuge - 1);
  const uintptr_t end = after & ~(kHuge - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE); // advice only: a refusal changes nothing
#else
  (void)bytes;
#endif
}

} // namespace dv::cli
