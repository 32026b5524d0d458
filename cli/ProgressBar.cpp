// ProgressBar: formats a snapshot on one terminal line.
#include "cli/ProgressBar.h"

#include <cstdio>

#include "core/Text.h"

namespace dv::cli {

std::string ProgressBar::line(const ProgressSnapshot& s) const {
  char buf[256];
  const double mbps = s.elapsedSeconds > 0 ? static_cast<double>(s.bytesDone) / 1e6 / s.elapsedSeconds : 0.0;
  std::string out = label_ + "  ";
  if (s.totalBytes && *s.totalBytes > 0) {
    const double frac = static_cast<double>(s.bytesDone) / static_cast<double>(*s.totalBytes);
    const double rate = s.elapsedSeconds > 0 ? static_cast<double>(s.bytesDone) / s.elapsedSeconds : 0.0;
    const double eta = rate > 0 ? static_cast<double>(*s.totalBytes - std::min(s.bytesDone, *s.totalBytes)) / rate : 0.0;
    const int etaS = static_cast<int>(eta + 0.5);
    std::snprintf(buf, sizeof buf, "%3d%%  %s of %s  %.0f MB/s  ETA %d:%02d", static_cast<int>(frac * 100),
                  humanBytes(s.bytesDone).c_str(), humanBytes(*s.totalBytes).c_str(), mbps, etaS / 60, etaS % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%s  %.0f MB/s", humanBytes(s.bytesDone).c_str(), mbps);
  }
  out += buf;
  out += "  " + std::to_string(s.readErrors) + (s.readErrors == 1 ? " read error" : " read errors");
  return out;
}

void ProgressBar::update(const ProgressSnapshot& s) {
  std::string l = line(s);
  const size_t width = l.size();
  if (width < lastWidth_) l.append(lastWidth_ - width, ' ');
  lastWidth_ = width;
  std::fprintf(stderr, "\r%s", l.c_str());
  std::fflush(stderr);
}

void ProgressBar::finish(const ProgressSnapshot& s) {
  update(s);
  std::fprintf(stderr, "\n");
  std::fflush(stderr);
}

} // namespace dv::cli
