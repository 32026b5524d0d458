// RuleRegistry: registration, validation and evaluation of the catalogue.
#include "rules/RuleRegistry.h"

#include <algorithm>
#include <cctype>
#include <set>

#include <fmt/format.h>

namespace dv::rules {
namespace {

/// Sectors 16-47 of a later session's volume are read from the session start + 16 onward (the view
/// of analyzer/Sessions.cpp and cd::CookedSource); every other sector where it is.
constexpr uint64_t kSector = 2048;
constexpr uint64_t kAreaStart = 16;
constexpr uint64_t kAreaEnd = 48;

/// Gives the findings of the volume's rules, made in the view's addresses, the medium's: a finding
/// in the redirected sectors moves to the session's descriptor area.
/// Rules of the disc layout (CD-, CUE-, ...) already use the medium's addresses.
FindingSink::Relocation laterSessionRelocation(uint64_t start) {
  return [start](Finding& f) {
    static constexpr std::string_view kVolumeRules[] = {"ECMA119-", "JOLIET-", "ELTORITO-", "RRIP-", "SUSP-",
                                                        "ZF-",      "UDF-",    "DVD-",      "BD-"};
    if (std::none_of(std::begin(kVolumeRules), std::end(kVolumeRules),
                     [&](std::string_view family) { return f.ruleId.starts_with(family); }))
      return;
    bool moved = false;
    if (f.location.lba && *f.location.lba >= kAreaStart && *f.location.lba < kAreaEnd) {
      *f.location.lba += start;
      moved = true;
    }
    if (f.location.offset && *f.location.offset >= kAreaStart * kSector && *f.location.offset < kAreaEnd * kSector) {
      *f.location.offset += start * kSector;
      moved = true;
    }
    // Sector numbers in the message stay the view's: say so, unless the message names the session.
    if (moved && f.message.find("sector") != std::string::npos && f.message.find("session start") == std::string::npos)
      f.message += fmt::format(" (sector numbers counted from the session start at block {})", start);
  };
}

} // namespace

bool wellFormedRuleId(std::string_view id) {
  // Upper-case letters and digits in dash-separated groups, the last one three digits.
  if (id.size() < 5) return false;
  const size_t dash = id.rfind('-');
  if (dash == std::string_view::npos || id.size() - dash - 1 != 3) return false;
  for (size_t i = dash + 1; i < id.size(); ++i)
    if (!std::isdigit(static_cast<unsigned char>(id[i]))) return false;
  bool prevDash = true;
  for (size_t i = 0; i < dash; ++i) {
    const char c = id[i];
    if (c == '-') {
      if (prevDash) return false;
      prevDash = true;
      continue;
    }
    if (!std::isupper(static_cast<unsigned char>(c)) && !std::isdigit(static_cast<unsigned char>(c))) return false;
    prevDash = false;
  }
  return !prevDash;
}

void RuleRegistry::add(const RuleInfo& info, RuleCheck check) {
  if (!wellFormedRuleId(info.id)) problems_.push_back("malformed rule id '" + std::string(info.id) + "'");
  if (find(info.id)) problems_.push_back("duplicate rule id '" + std::string(info.id) + "'");
  if (info.clause.empty() || info.summary.empty())
    problems_.push_back("rule '" + std::string(info.id) + "' has no clause or summary");
  rules_.push_back({info, std::move(check)});
}

const Rule* RuleRegistry::find(std::string_view id) const {
  for (const Rule& r : rules_)
    if (r.info.id == id) return &r;
  return nullptr;
}

Error RuleRegistry::validate() const {
  if (problems_.empty()) return {};
  return Error(ErrorCode::Internal, "rule catalogue: " + problems_.front());
}

void RuleRegistry::evaluate(const analyzer::ImageAnalysis& analysis, FindingSink& out) const {
  if (analysis.iso.sessionStart > 0) out.setRelocation(laterSessionRelocation(analysis.iso.sessionStart));
  for (const Rule& r : rules_)
    if (r.check) r.check(analysis, out);
  out.setRelocation({});
}

} // namespace dv::rules
