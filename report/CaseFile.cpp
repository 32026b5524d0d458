// CaseFile: case metadata from a JSON file (--case-file), merged with the command-line options.
#include "report/JsonValue.h"
#include "report/Reference.h"
#include "report/Report.h"

namespace dv::report {

Result<CaseInfo> readCaseFile(const std::string& path) {
  auto text = readReferenceFile(path, size_t{1} << 20);
  if (!text) return std::move(text).takeError();
  auto doc = parseJson(*text);
  if (!doc) return Error(ErrorCode::Malformed, path + ": " + doc.error().message());
  if (!doc->isObject()) return Error(ErrorCode::Malformed, path + ": a case file is a JSON object");
  CaseInfo c;
  c.caseId = doc->string("case");
  if (c.caseId.empty()) c.caseId = doc->string("case_id");
  c.evidence = doc->string("evidence");
  c.examiner = doc->string("examiner");
  c.organization = doc->string("organization");
  c.notes = doc->string("notes");
  return c;
}

CaseInfo mergeCaseInfo(CaseInfo base, const CaseInfo& o) {
  if (!o.caseId.empty()) base.caseId = o.caseId;
  if (!o.evidence.empty()) base.evidence = o.evidence;
  if (!o.examiner.empty()) base.examiner = o.examiner;
  if (!o.organization.empty()) base.organization = o.organization;
  if (!o.notes.empty()) base.notes = o.notes;
  return base;
}

} // namespace dv::report
