// HeapTuning: a padded heap extension advised as huge pages (glibc's malloc on Linux), and an arena
// that serves the C++ allocations of one thread by bumping a pointer.
#include "cli/HeapTuning.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib> // defines __GLIBC__ through <features.h>
#include <new>

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

#if defined(__linux__) && defined(__GLIBC__) && !defined(DV_OWN_ALLOCATOR)
#define DV_HEAP_TUNING 1
#endif

namespace dv::cli {
namespace {

constexpr uintptr_t kHuge = uintptr_t{2} << 20;

#ifdef DV_HEAP_TUNING
/// The arena of useArenaForMetadata(): [begin, end), handed out up to `next`. Set once, before the
/// thread that uses it allocates from it; zero (empty) otherwise.
struct Arena {
  uintptr_t begin = 0;
  uintptr_t end = 0;
  uintptr_t next = 0;
};
constinit Arena arena;
/// Only the thread that asked for the arena allocates from it; others use malloc.
constinit thread_local bool arenaThread = false;

bool inArena(void* p) {
  const auto at = reinterpret_cast<uintptr_t>(p);
  return at >= arena.begin && at < arena.end;
}
#endif

} // namespace

void prepareHeapForMetadata(unsigned long bytes) {
#ifdef DV_HEAP_TUNING
  // The listing model of a 10,000-file image is ~10^5 allocations of tens to hundreds of bytes;
  // with 4 KiB pages, faulting them in cost more than building them. glibc grows the heap by
  // M_TOP_PAD beyond each request and keeps that much when trimming, so one extension of `bytes`
  // is made now and advised as huge pages (THP "madvise" mode, Debian's default). Large vectors
  // stay on the heap too (a raised mmap threshold), so they share the advised range.
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

void useArenaForMetadata(unsigned long bytes) {
#ifdef DV_HEAP_TUNING
  if (arena.begin != 0) return;
  // Reserved address space, advised as huge pages: only the part handed out is ever backed.
  void* at = mmap(nullptr, bytes + kHuge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (at == MAP_FAILED) return;
  const uintptr_t begin = (reinterpret_cast<uintptr_t>(at) + kHuge - 1) & ~(kHuge - 1);
  madvise(reinterpret_cast<void*>(begin), bytes, MADV_HUGEPAGE); // advice only
  arena = {begin, begin + bytes, begin};
  arenaThread = true;
#else
  (void)bytes;
#endif
}

} // namespace dv::cli

#ifdef DV_HEAP_TUNING
// The program's operator new and delete: from the arena in the thread that asked for it while it
// lasts, from malloc otherwise. Arena blocks are never given back (the process ends soon after).
void* operator new(std::size_t size) {
  using dv::cli::arena;
  if (dv::cli::arenaThread) {
    const uintptr_t need = (static_cast<uintptr_t>(size) + 15) & ~uintptr_t{15}; // the default new alignment
    if (need >= size && need <= arena.end - arena.next) {
      void* p = reinterpret_cast<void*>(arena.next);
      arena.next += need;
      return p;
    }
  }
  for (;;) {
    if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
    std::new_handler handler = std::get_new_handler();
    if (handler == nullptr) throw std::bad_alloc();
    handler();
  }
}

void operator delete(void* p) noexcept {
  if (!dv::cli::inArena(p)) std::free(p);
}

void operator delete(void* p, std::size_t) noexcept {
  if (!dv::cli::inArena(p)) std::free(p);
}
#endif
