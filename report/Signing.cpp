// Signing: key and signature files are short text files, so they survive e-mail and case systems:
//   discverify-ed25519-secret-key\n<64 hex>\n      discverify-ed25519-public-key\n<64 hex>\n
//   discverify-ed25519-signature\nkey-id: <16 hex>\nsignature: <128 hex>\n
#include "report/Signing.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/Text.h"
#include "report/JsonValue.h"
#include "report/Reference.h"

namespace dv::report {
namespace {

constexpr const char* kSecretHeader = "discverify-ed25519-secret-key";
constexpr const char* kPublicHeader = "discverify-ed25519-public-key";
constexpr const char* kSignatureHeader = "discverify-ed25519-signature";
constexpr size_t kMaxKeyFile = 4096;

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    out.push_back(line);
    start = end + 1;
  }
  return out;
}

Result<std::array<uint8_t, 32>> keyBytes(const std::string& path, const char* header) {
  auto text = readReferenceFile(path, kMaxKeyFile);
  if (!text) return std::move(text).takeError();
  const auto ls = lines(*text);
  if (ls.size() < 2 || ls[0] != header)
    return Error(ErrorCode::Malformed, path + ": not a " + std::string(header) + " file");
  auto bytes = parseHexBytes(ls[1]);
  if (!bytes || bytes->size() != 32) return Error(ErrorCode::Malformed, path + ": the key is not 64 hex digits");
  std::array<uint8_t, 32> out{};
  for (size_t i = 0; i < out.size(); ++i) out[i] = static_cast<uint8_t>((*bytes)[i]);
  return out;
}

Error writeNewFile(const std::string& path, const std::string& content, mode_t mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    if (errno == EEXIST) return Error(ErrorCode::InvalidArgument, path + ": exists; not overwriting a key");
    return Error(ErrorCode::Io, path + ": cannot create: " + std::strerror(errno));
  }
  const ssize_t n = ::write(fd, content.data(), content.size());
  const bool ok = n == static_cast<ssize_t>(content.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return Error(ErrorCode::Io, path + ": cannot write");
  return {};
}

/// The key id a report names (JSON "signature"."key_id" or DFXML dv:signature key_id), or "".
std::string embeddedKeyId(const std::string& report) {
  if (!report.empty() && report.front() == '{') {
    auto doc = parseJson(report);
    if (doc)
      if (const JsonValue* sig = doc->find("signature")) return sig->string("key_id");
    return {};
  }
  // DFXML: <dv:signature algorithm="ed25519" key_id="..."/>; a textual search is enough since the
  // signature check covers every byte anyway.
  const std::string marker = "<dv:signature ";
  const size_t at = report.find(marker);
  if (at == std::string::npos) return {};
  const size_t key = report.find("key_id=\"", at);
  if (key == std::string::npos) return {};
  const size_t end = report.find('"', key + 8);
  return end == std::string::npos ? std::string() : report.substr(key + 8, end - key - 8);
}

} // namespace

Result<std::string> writeNewKeyPair(const std::string& prefix) {
  auto key = hashing::generateSigningKey();
  if (!key) return std::move(key).takeError();
  const std::string secretHex = hexBytes(ByteView(key->secret.data(), key->secret.size()));
  const std::string publicHex = hexBytes(ByteView(key->publicKey.data(), key->publicKey.size()));
  for (const std::string& p : {prefix + ".key", prefix + ".pub"})
    if (::access(p.c_str(), F_OK) == 0) return Error(ErrorCode::InvalidArgument, p + ": exists; not overwriting a key");
  if (Error e = writeNewFile(prefix + ".key", std::string(kSecretHeader) + "\n" + secretHex + "\n", 0600)) return e;
  if (Error e = writeNewFile(prefix + ".pub", std::string(kPublicHeader) + "\n" + publicHex + "\n", 0644)) return e;
  return hashing::keyIdOf(key->publicKey);
}

Result<hashing::SigningKey> readSecretKeyFile(const std::string& path) {
  auto secret = keyBytes(path, kSecretHeader);
  if (!secret) return std::move(secret).takeError();
  return hashing::signingKeyFromSecret(*secret);
}

Result<std::array<uint8_t, 32>> readPublicKeyFile(const std::string& path) { return keyBytes(path, kPublicHeader); }

Result<std::string> signatureFileFor(const hashing::SigningKey& key, const std::string& content) {
  auto sig = hashing::signMessage(key, ByteView(reinterpret_cast<const uint8_t*>(content.data()), content.size()));
  if (!sig) return std::move(sig).takeError();
  return std::string(kSignatureHeader) + "\nkey-id: " + hashing::keyIdOf(key.publicKey) +
         "\nsignature: " + hexBytes(ByteView(sig->data(), sig->size())) + "\n";
}

Result<SignatureCheck> checkReportSignature(const std::string& reportPath, const std::string& signaturePath,
                                            const std::string& publicKeyPath) {
  auto report = readReferenceFile(reportPath);
  if (!report) return std::move(report).takeError();
  auto sigText = readReferenceFile(signaturePath, kMaxKeyFile);
  if (!sigText) return std::move(sigText).takeError();
  auto publicKey = readPublicKeyFile(publicKeyPath);
  if (!publicKey) return std::move(publicKey).takeError();
  SignatureCheck check;
  const auto ls = lines(*sigText);
  std::string sigHex;
  for (const std::string& l : ls) {
    if (l.starts_with("key-id: ")) check.keyId = l.substr(8);
    if (l.starts_with("signature: ")) sigHex = l.substr(11);
  }
  auto sig = parseHexBytes(sigHex);
  if (ls.empty() || ls[0] != kSignatureHeader || !sig) {
    check.message = signaturePath + " is not a discverify signature file";
    return check;
  }
  const std::string keyId = hashing::keyIdOf(*publicKey);
  if (check.keyId != keyId) {
    check.message = "signed with key " + check.keyId + ", not with " + keyId + " (" + publicKeyPath + ")";
    return check;
  }
  const std::string named = embeddedKeyId(*report);
  if (!named.empty() && named != keyId) {
    check.message = "the report names key " + named + " but is signed with " + keyId;
    return check;
  }
  if (!hashing::verifySignature(*publicKey, ByteView(reinterpret_cast<const uint8_t*>(report->data()), report->size()),
                                ByteView(reinterpret_cast<const uint8_t*>(sig->data()), sig->size()))) {
    check.message = "the signature does not match the report's bytes: the report was changed or the signature is not its own";
    return check;
  }
  check.valid = true;
  check.message = "signature valid (ed25519, key " + keyId + ")";
  return check;
}

} // namespace dv::report
