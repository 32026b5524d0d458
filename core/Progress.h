// Progress: how far a read pass has come, reported to whoever displays it.
#pragma once

#include <cstdint>
#include <optional>

namespace dv {

/// A snapshot of a running pass. totalBytes is unknown for pipes and compressed streams.
struct ProgressSnapshot {
  uint64_t bytesDone = 0;
  std::optional<uint64_t> totalBytes;
  uint64_t readErrors = 0;      ///< unreadable sectors so far
  double elapsedSeconds = 0.0;
};

/// Receives progress snapshots. update() is called from one thread at a time, a few times a second.
class ProgressSink {
public:
  virtual ~ProgressSink() = default;
  virtual void update(const ProgressSnapshot& snapshot) = 0;
  virtual void finish(const ProgressSnapshot& snapshot) = 0;
};

} // namespace dv
