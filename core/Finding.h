// Finding and RuleInfo: an evidence anomaly as data (rule id, severity, clause, location, values).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace dv {

/// How bad a finding is. Ordered: Info < Warning < Error.
enum class Severity { Info = 0, Warning = 1, Error = 2 };

/// "error", "warning", "info".
std::string_view severityName(Severity s);
/// Parses "error", "warning", "info"; nullopt otherwise.
std::optional<Severity> parseSeverity(std::string_view text);

/// A rule of the catalogue: id (from ../shared/spec), default severity, clause and one-line summary.
struct RuleInfo {
  std::string_view id;
  Severity severity = Severity::Error;
  std::string_view clause;
  std::string_view summary;
};

/// Where a finding is: logical block, byte offset in the image, path inside the file system.
struct Location {
  std::optional<uint64_t> lba;
  std::optional<uint64_t> offset;
  std::string path;
};

/// A value for the expected/actual fields: text, or a number written in decimal.
class FindingValue {
public:
  FindingValue() = default;
  FindingValue(std::string text) : text_(std::move(text)) {}          // NOLINT: implicit by design
  FindingValue(std::string_view text) : text_(text) {}                // NOLINT
  FindingValue(const char* text) : text_(text) {}                     // NOLINT
  template <typename T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>, int> = 0>
  FindingValue(T number) : text_(std::to_string(number)) {}          // NOLINT
  FindingValue(bool flag) : text_(flag ? "true" : "false") {}          // NOLINT

  const std::string& text() const { return text_; }

private:
  std::string text_;
};

/// What a rule says beyond its RuleInfo: values, the message, and a severity when the rule's
/// table gives a different one for this case (e.g. "E (W for optional copies)").
struct FindingDetail {
  FindingValue expected;
  FindingValue actual;
  std::string message;
  std::optional<Severity> severity;
};

/// One finding. Self-contained: it copies what it needs from its RuleInfo.
struct Finding {
  std::string ruleId;
  Severity severity = Severity::Error;
  std::string clause;
  std::string summary;
  Location location;
  std::string message;
  std::string expected;
  std::string actual;
};

/// Orders findings for reports: severity (errors first), then LBA, offset, path, rule id, message.
bool findingBefore(const Finding& a, const Finding& b);

/// Collects findings from rules. Keeps at most maxPerRule findings of each rule and counts the rest,
/// so a hostile image cannot grow memory without bound. Not thread-safe.
class FindingSink {
public:
  explicit FindingSink(size_t maxPerRule = 1000) : maxPerRule_(maxPerRule) {}

  /// Records a finding of `rule` at `where`. The message defaults to the rule's summary.
  void add(const RuleInfo& rule, Location where, FindingDetail detail = {});
  /// Called on each finding as it is added, until replaced or cleared with an empty function: lets
  /// the caller translate the addresses of a view into those of the medium.
  using Relocation = std::function<void(Finding&)>;
  void setRelocation(Relocation relocate) { relocate_ = std::move(relocate); }

  const std::vector<Finding>& findings() const { return findings_; }
  /// Number of findings of each rule that were dropped past maxPerRule.
  const std::map<std::string, uint64_t>& suppressed() const { return suppressed_; }
  /// Moves the findings out, sorted with findingBefore.
  std::vector<Finding> takeSorted();

private:
  size_t maxPerRule_;
  Relocation relocate_;
  std::vector<Finding> findings_;
  std::map<std::string, size_t> perRule_;
  std::map<std::string, uint64_t> suppressed_;
};

} // namespace dv
