// Pipeline: reads an input once, in parallel, with bounded memory, and fans every chunk out to
// every consumer. Read errors are retried, narrowed to sectors, zero-filled and recorded exactly.
#pragma once

#include <atomic>
#include <cstdint>
#include <span>
#include <vector>

#include "analyzer/pipeline/Consumer.h"
#include "analyzer/sources/ByteSource.h"
#include "core/Progress.h"
#include "core/Result.h"

namespace dv::analyzer {

/// Tuning of one pass. Results never depend on these values, only speed and memory do.
struct PipelineOptions {
  unsigned threads = 0;       ///< worker threads; 0 = one per core
  unsigned readers = 0;       ///< reader threads; 0 = by medium (1 for rotational/optical/streams)
  uint64_t chunkSize = uint64_t{4} << 20; ///< bytes per read; rounded down to a multiple of sectorSize
  unsigned buffers = 0;       ///< chunk buffers in the pool; 0 = from threads and readers
  unsigned retries = 2;       ///< extra attempts for a failed read, before and after narrowing
  uint32_t sectorSize = 2048; ///< unit of narrowing and of unreadable ranges
  ProgressSink* progress = nullptr;
  const std::atomic<bool>* cancel = nullptr; ///< set to stop the pass early (Cancelled)
};

/// What a pass did.
struct PassResult {
  uint64_t bytesRead = 0;              ///< length of the input as passed to the consumers
  std::vector<ByteRange> unreadable;   ///< zero-filled ranges, sorted and merged
  uint64_t unreadableSectors = 0;
  uint64_t retriedReads = 0;           ///< reads that failed at least once
  Error fatal;                          ///< set when the pass could not reach the end
  bool complete() const { return !fatal && unreadable.empty(); }
  double elapsedSeconds = 0.0;
  unsigned threadsUsed = 0;
  unsigned readersUsed = 0;
  uint64_t chunkSizeUsed = 0;
  unsigned buffersUsed = 0;
};

/// The default number of reader threads for a source: 1 for sequential, rotational and optical
/// media (parallel readers make heads thrash), several for files and solid-state devices.
unsigned defaultReaders(const SourceInfo& info, unsigned threads);

/// Runs one pass of `source` through `consumers`. Consumers' finish() is called at the end even when
/// the pass stops early (fatal error); PassResult::fatal then says why. Fails only for bad options.
Result<PassResult> runPipeline(ByteSource& source, std::span<Consumer* const> consumers,
                               const PipelineOptions& options);

} // namespace dv::analyzer
