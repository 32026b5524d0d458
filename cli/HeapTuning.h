// HeapTuning: backs the process heap with transparent huge pages before a metadata-heavy command.
#pragma once

namespace dv::cli {

/// Prepares the heap for a model of many small allocations (the metadata of `ls`): reserves
/// `bytes` of heap in one extension and asks the kernel to back it with transparent huge pages, so
/// that building the model does not take one page fault per 4 KiB. Only with glibc on Linux, and
/// not under the sanitizers (they bring their own allocator); elsewhere, and whenever a step is
/// refused, it does nothing. Affects performance only. Not thread-safe: call before starting threads.
void prepareHeapForMetadata(unsigned long bytes);

/// Serves the calling thread's C++ allocations (operator new) from an arena of `bytes`, advised as
/// transparent huge pages, by bumping a pointer; what is deleted there is not reused, and when the
/// arena is full allocations go to malloc again. For a command that builds one large model and
/// exits (`ls`). Other threads, and the same conditions as prepareHeapForMetadata(), are unaffected.
void useArenaForMetadata(unsigned long bytes);

} // namespace dv::cli
