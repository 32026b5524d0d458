// RuleRegistry: registration, validation and evaluation of the catalogue.
#include "rules/RuleRegistry.h"

#include <cctype>
#include <set>

namespace dv::rules {

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
  for (const Rule& r : rules_)
    if (r.check) r.check(analysis, out);
}

} // namespace dv::rules
