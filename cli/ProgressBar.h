// ProgressBar: the one-line progress display on standard error.
#pragma once

#include <string>

#include "core/Progress.h"

namespace dv::cli {

/// Draws "label  42% 1.2 GiB of 2.0 GiB  640 MB/s  ETA 0:03  0 read errors" with carriage returns.
class ProgressBar final : public ProgressSink {
public:
  explicit ProgressBar(std::string label) : label_(std::move(label)) {}
  void update(const ProgressSnapshot& s) override;
  void finish(const ProgressSnapshot& s) override;

private:
  std::string line(const ProgressSnapshot& s) const;
  std::string label_;
  size_t lastWidth_ = 0;
};

} // namespace dv::cli
