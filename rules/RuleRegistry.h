// RuleRegistry: the catalogue of rules; each turns facts of the analysis into findings.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "analyzer/ImageAnalysis.h"
#include "core/Finding.h"
#include "core/Result.h"

namespace dv::rules {

/// A rule's check: reads the model, emits findings, never parses bytes and never fails.
using RuleCheck = std::function<void(const analyzer::ImageAnalysis&, FindingSink&)>;

/// One registered rule.
struct Rule {
  RuleInfo info;
  RuleCheck check; ///< may be empty for rules evaluated inside another rule's check
};

/// The ordered set of rules. Rejects duplicate or malformed ids (an id is upper-case letters,
/// digits and dashes, ending in -NNN: "ECMA119-PVD-005").
class RuleRegistry {
public:
  /// Adds a rule; a bad or duplicate id is recorded and reported by validate().
  void add(const RuleInfo& info, RuleCheck check = {});
  const std::vector<Rule>& rules() const { return rules_; }
  /// The rule with this id, or nullptr.
  const Rule* find(std::string_view id) const;
  /// Fails with Internal naming the first duplicate or malformed id, or a rule without clause or summary.
  Error validate() const;
  /// Runs every check over the analysis.
  void evaluate(const analyzer::ImageAnalysis& analysis, FindingSink& out) const;

private:
  std::vector<Rule> rules_;
  std::vector<std::string> problems_;
};

/// Whether `id` has the catalogue's form.
bool wellFormedRuleId(std::string_view id);

/// The full catalogue, built once (thread-safe) in the fixed order of Catalogue.cpp.
const RuleRegistry& catalogue();

} // namespace dv::rules
