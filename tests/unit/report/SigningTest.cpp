// Tests of key files, detached report signatures and case files.
#include <gtest/gtest.h>

#include <fstream>

#include "report/Signing.h"
#include "report/Writers.h"
#include "tests/support/TestPaths.h"

namespace dv::report {
namespace {

void writeText(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

TEST(Signing, SignedReportChecksAndATamperedOneFails) {
  const std::string dir = test::scratchDir("signing");
  auto id = writeNewKeyPair(dir + "/k");
  ASSERT_TRUE(id) << id.error().message();
  auto key = readSecretKeyFile(dir + "/k.key");
  ASSERT_TRUE(key);
  Report r;
  r.signingKeyId = *id;
  const std::string json = toJson(r);
  EXPECT_NE(json.find(*id), std::string::npos);
  writeText(dir + "/r.json", json);
  auto sig = signatureFileFor(*key, json);
  ASSERT_TRUE(sig);
  writeText(dir + "/r.json.sig", *sig);
  auto ok = checkReportSignature(dir + "/r.json", dir + "/r.json.sig", dir + "/k.pub");
  ASSERT_TRUE(ok);
  EXPECT_TRUE(ok->valid) << ok->message;

  std::string tampered = json;
  tampered[tampered.size() / 2] ^= 1;
  writeText(dir + "/r.json", tampered);
  auto bad = checkReportSignature(dir + "/r.json", dir + "/r.json.sig", dir + "/k.pub");
  ASSERT_TRUE(bad);
  EXPECT_FALSE(bad->valid);
}

TEST(Signing, RefusesToOverwriteAKeyAndRejectsMalformedKeyFiles) {
  const std::string dir = test::scratchDir("signing-keys");
  ASSERT_TRUE(writeNewKeyPair(dir + "/k"));
  auto again = writeNewKeyPair(dir + "/k");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), ErrorCode::InvalidArgument);
  writeText(dir + "/bad.key", "discverify-ed25519-secret-key\nzz\n");
  EXPECT_FALSE(readSecretKeyFile(dir + "/bad.key"));
  EXPECT_FALSE(readPublicKeyFile(dir + "/k.key")); // a secret key is not a public key file
}

TEST(Signing, ReportNamingAnotherKeyIsInvalid) {
  const std::string dir = test::scratchDir("signing-other");
  ASSERT_TRUE(writeNewKeyPair(dir + "/k"));
  auto key = readSecretKeyFile(dir + "/k.key");
  ASSERT_TRUE(key);
  Report r;
  r.signingKeyId = "0123456789abcdef";
  const std::string xml = toDfxml(r);
  writeText(dir + "/r.xml", xml);
  writeText(dir + "/r.xml.sig", *signatureFileFor(*key, xml));
  auto check = checkReportSignature(dir + "/r.xml", dir + "/r.xml.sig", dir + "/k.pub");
  ASSERT_TRUE(check);
  EXPECT_FALSE(check->valid);
  EXPECT_NE(check->message.find("names key 0123456789abcdef"), std::string::npos);
}

TEST(CaseFile, ReadsFieldsAndOptionsOverrideThem) {
  const std::string dir = test::scratchDir("case-file");
  writeText(dir + "/case.json", R"({"case":"2026-17","examiner":"E","notes":"file","unknown":[1,2]})");
  auto c = readCaseFile(dir + "/case.json");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->caseId, "2026-17");
  CaseInfo opts;
  opts.notes = "cli";
  const CaseInfo merged = mergeCaseInfo(*c, opts);
  EXPECT_EQ(merged.notes, "cli");
  EXPECT_EQ(merged.examiner, "E");
  writeText(dir + "/bad.json", "[1,");
  EXPECT_FALSE(readCaseFile(dir + "/bad.json"));
}

} // namespace
} // namespace dv::report
