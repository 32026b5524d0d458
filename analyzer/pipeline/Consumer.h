// Consumer: what the read pipeline fans every chunk out to (running hashes, piece hashes, checks).
#pragma once

#include <cstdint>
#include <string_view>

#include "core/ByteView.h"

namespace dv::analyzer {

/// A piece of the input as read: its index in the pass, its byte offset and its bytes (zero-filled
/// where the input could not be read). The bytes are valid only during consume().
struct Chunk {
  uint64_t index = 0;
  uint64_t offset = 0;
  ByteView data;
};

/// Receives every chunk of a pass. The pipeline calls consume() for one consumer from several worker
/// threads, but never for chunk k before chunk k-1 has returned when needsPrevious(k) is true, so a
/// consumer that keeps state across chunks declares that dependency instead of locking.
class Consumer {
public:
  virtual ~Consumer() = default;

  /// A short name for diagnostics ("md5", "pieces-sha256", "zero-sectors").
  virtual std::string_view name() const = 0;

  /// Whether consume() of the chunk at (index, offset) must wait until consume() of chunk index-1 has
  /// returned. Sequential consumers (a running whole-image hash) return true; unordered ones false.
  /// Must depend only on its arguments and the consumer's configuration.
  virtual bool needsPrevious(uint64_t index, uint64_t offset) const = 0;

  /// Scheduling priority: among runnable tasks the highest goes first. Slow sequential consumers
  /// (the critical path of a pass) should rank highest.
  virtual int priority() const { return 0; }

  /// Processes one chunk. Must not throw.
  virtual void consume(const Chunk& chunk) = 0;

  /// Called once, from one thread, after every chunk was consumed; totalBytes is the input length.
  virtual void finish(uint64_t totalBytes) { (void)totalBytes; }
};

} // namespace dv::analyzer
