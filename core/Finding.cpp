// Finding: severity names, report order, and the bounded sink.
#include "core/Finding.h"

#include <algorithm>
#include <tuple>

namespace dv {

std::string_view severityName(Severity s) {
  switch (s) {
  case Severity::Info: return "info";
  case Severity::Warning: return "warning";
  case Severity::Error: return "error";
  }
  return "error";
}

std::optional<Severity> parseSeverity(std::string_view text) {
  if (text == "info") return Severity::Info;
  if (text == "warning") return Severity::Warning;
  if (text == "error") return Severity::Error;
  return std::nullopt;
}

bool findingBefore(const Finding& a, const Finding& b) {
  // Missing LBAs/offsets sort first: image-level findings lead their severity group.
  auto key = [](const Finding& f) {
    return std::make_tuple(-static_cast<int>(f.severity), f.location.lba.has_value(), f.location.lba.value_or(0),
                           f.location.offset.has_value(), f.location.offset.value_or(0), std::cref(f.location.path),
                           std::cref(f.ruleId), std::cref(f.message), std::cref(f.expected), std::cref(f.actual));
  };
  return key(a) < key(b);
}

void FindingSink::add(const RuleInfo& rule, Location where, FindingDetail detail) {
  const std::string id(rule.id);
  size_t& count = perRule_[id];
  if (count >= maxPerRule_) {
    ++suppressed_[id];
    return;
  }
  ++count;
  Finding f;
  f.ruleId = id;
  f.severity = detail.severity.value_or(rule.severity);
  f.clause = std::string(rule.clause);
  f.summary = std::string(rule.summary);
  f.location = std::move(where);
  f.message = detail.message.empty() ? std::string(rule.summary) : std::move(detail.message);
  f.expected = detail.expected.text();
  f.actual = detail.actual.text();
  if (relocate_) relocate_(f);
  findings_.push_back(std::move(f));
}

std::vector<Finding> FindingSink::takeSorted() {
  std::vector<Finding> out = std::move(findings_);
  findings_.clear();
  std::stable_sort(out.begin(), out.end(), findingBefore);
  return out;
}

} // namespace dv
