// Sessions: finding earlier sessions' volumes and comparing their files with the newest volume.
#include "analyzer/Sessions.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <set>
#include <string>

#include "analyzer/cd/CookedSource.h"
#include "analyzer/iso9660/MetadataReader.h"

namespace dv::analyzer {
namespace {

constexpr uint64_t kSector = 2048;
constexpr uint64_t kDescriptorArea = 16;    // first sector of the volume descriptor set (ECMA-119 6.2.1)
constexpr uint64_t kDescriptorAreaEnd = 48; // sectors redirected to the session's own descriptors
constexpr uint64_t kSessionAlign = 32;      // libisoburn starts emulated sessions on 32-block boundaries

/// A view of an image in which sectors 16-47 are read from sessionStart + 16 onward, so the ISO 9660
/// parser finds that session's descriptors; every other sector is read where it is (directory
/// extents carry absolute LBAs).
class SessionView final : public ByteSource {
public:
  SessionView(ByteSource& base, uint64_t sessionStart) : base_(base), start_(sessionStart) {}
  const SourceInfo& info() const override { return base_.info(); }
  Result<size_t> readAt(uint64_t offset, MutableByteView out) override {
    size_t done = 0;
    while (done < out.size()) {
      const uint64_t pos = offset + done;
      const uint64_t sector = pos / kSector;
      const uint64_t inSector = pos % kSector;
      const size_t n = static_cast<size_t>(std::min<uint64_t>(out.size() - done, kSector - inSector));
      uint64_t from = pos;
      if (sector >= kDescriptorArea && sector < kDescriptorAreaEnd) from = (sector + start_) * kSector + inSector;
      auto got = base_.readAt(from, out.subspan(done, n));
      if (!got) return got;
      done += *got;
      if (*got < n) break;
    }
    return done;
  }
  Result<size_t> readNext(MutableByteView) override { return Error(ErrorCode::Unsupported, "session view is random-access only"); }

private:
  ByteSource& base_;
  uint64_t start_;
};

bool hasPrimaryDescriptor(ByteSource& source, uint64_t sector) {
  uint8_t head[6] = {};
  auto got = source.readAt(sector * kSector, MutableByteView(head, sizeof head));
  return got && *got == sizeof head && head[0] == 1 && std::memcmp(head + 1, "CD001", 5) == 0;
}

std::optional<uint32_t> rootExtent(const iso9660::IsoVolume& v) {
  const auto* pvd = v.pvd();
  if (!pvd || !pvd->rootDirectoryRecord) return std::nullopt;
  return pvd->rootDirectoryRecord->locationOfExtent.value();
}

} // namespace

std::string_view supersessionName(Supersession s) {
  switch (s) {
  case Supersession::Unchanged: return "unchanged";
  case Supersession::Replaced: return "replaced";
  case Supersession::Dropped: return "dropped";
  }
  return "unchanged";
}

uint64_t EarlierSession::count(Supersession s) const {
  return static_cast<uint64_t>(std::count(files.begin(), files.end(), s));
}

void classifySuperseded(EarlierSession& earlier, const iso9660::IsoVolume& newest) {
  // Paths compare as recorded (ECMA-119 names with their version); a file of the newest volume
  // "is" the earlier one when its data starts at the same place and has the same size.
  std::map<std::string, const iso9660::FileEntry*> byPath;
  for (const auto& f : newest.tree.files) byPath.emplace(f.path, &f);
  earlier.files.clear();
  for (const auto& f : earlier.iso.tree.files) {
    auto it = byPath.find(f.path);
    if (it == byPath.end()) {
      earlier.files.push_back(Supersession::Dropped);
      continue;
    }
    const iso9660::FileEntry& now = *it->second;
    const uint64_t was = f.runs.empty() ? 0 : f.runs.front().lba;
    const uint64_t is = now.runs.empty() ? 0 : now.runs.front().lba;
    earlier.files.push_back(now.size == f.size && was == is ? Supersession::Unchanged : Supersession::Replaced);
  }
}

std::vector<EarlierSession> earlierImageSessions(ByteSource& source, const iso9660::IsoVolume& newest,
                                                 const iso9660::IsoParseOptions& options) {
  std::vector<EarlierSession> out;
  const auto newestRoot = rootExtent(newest);
  if (!newest.found || !newestRoot || !newest.imageSizeKnown) return out;
  const uint64_t sectors = newest.imageBytes / kSector;
  uint64_t start = kSessionAlign;
  std::set<uint64_t> visited;
  for (uint32_t n = 1; n <= kMaxSessions; ++n) {
    if (start + kDescriptorArea >= sectors || !visited.insert(start).second) break;
    if (!hasPrimaryDescriptor(source, start + kDescriptorArea)) break;
    SessionView view(source, start);
    iso9660::MetadataReader reader(view);
    EarlierSession s;
    s.session = n;
    s.startLba = static_cast<int64_t>(start);
    s.iso = iso9660::parseIsoVolume(reader, options);
    s.iso.sessionStart = start;
    const auto root = rootExtent(s.iso);
    if (!s.iso.found || !root) break;
    if (*root == *newestRoot) {
      // The newest session itself: the ones before it were superseded by it.
      for (EarlierSession& e : out) e.newestSession = n;
      return out;
    }
    // The next session starts after this one: libisoburn records the session's own size in its
    // descriptor (start + size), a disc-style volume the absolute end; either may be aligned to 32.
    const uint64_t size = s.iso.pvd()->volumeSpaceSize.value();
    std::optional<uint64_t> next;
    for (uint64_t c : {start + size, (start + size + kSessionAlign - 1) / kSessionAlign * kSessionAlign, size,
                       (size + kSessionAlign - 1) / kSessionAlign * kSessionAlign})
      if (c > start && c + kDescriptorArea < sectors && hasPrimaryDescriptor(source, c + kDescriptorArea)) {
        next = c;
        break;
      }
    out.push_back(std::move(s));
    if (!next) break;
    start = *next;
  }
  // The chain did not reach the newest session: what was found cannot be told apart from it.
  out.clear();
  return out;
}

std::vector<EarlierSession> earlierDiscSessions(const cd::Disc& disc, int32_t newestStart, const iso9660::IsoVolume& newest,
                                                const iso9660::IsoParseOptions& options) {
  std::vector<EarlierSession> out;
  if (!newest.found) return out;
  // The first data track of each session; the session's volume descriptors are at its start + 16.
  std::map<uint32_t, int32_t> starts;
  uint32_t newestSession = 0;
  for (const cd::Track& t : disc.tracks) {
    if (t.audio()) continue;
    starts.emplace(t.session, t.startLba);
    if (t.startLba == newestStart) newestSession = t.session;
  }
  for (const auto& [session, start] : starts) {
    if (start == newestStart || session > newestSession || out.size() >= kMaxSessions) continue;
    cd::CookedSource cooked(disc, start);
    if (cooked.empty()) continue;
    iso9660::MetadataReader reader(cooked);
    EarlierSession s;
    s.session = session;
    s.startLba = start;
    s.newestSession = newestSession;
    s.iso = iso9660::parseIsoVolume(reader, options);
    s.iso.sessionStart = static_cast<uint64_t>(std::max(start, 0));
    if (!s.iso.found) continue;
    out.push_back(std::move(s));
  }
  return out;
}

} // namespace dv::analyzer
