// CdRules: the rules of cd-layouts.md §5.
#pragma once

#include "rules/RuleRegistry.h"

namespace dv::rules {

/// Adds CD-SEC-001..006, CD-SUB-001, CUE-001..004, TOC-001/002, CCD-001/002, NRG-001/002, MDS-001/002, IMG-001.
void addCdRules(RuleRegistry& registry);

} // namespace dv::rules
