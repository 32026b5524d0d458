// LinuxCdDrive: a thin CdDrive over the Linux CD-ROM ioctls (linux/cdrom.h): CDROMREADTOCHDR,
// CDROMREADTOCENTRY, CDROMMULTISESSION, CDROM_GET_MCN and CDROMREADAUDIO; data sectors are read
// from the block device at LBA x 2048.
#include "analyzer/cd/Drive.h"

#if defined(__linux__)
#include <fcntl.h>
#include <linux/cdrom.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#endif

namespace dv::analyzer::cd {

#if defined(__linux__)
namespace {

class LinuxCdDrive final : public CdDrive {
public:
  LinuxCdDrive(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  ~LinuxCdDrive() override { ::close(fd_); }
  std::string name() const override { return path_; }

  Result<DriveToc> readToc() override {
    cdrom_tochdr hdr{};
    if (::ioctl(fd_, CDROMREADTOCHDR, &hdr) != 0) return Error(ErrorCode::Io, path_ + ": cannot read the TOC: " + std::strerror(errno));
    DriveToc toc;
    // The session of each track is not in the simple TOC; CDROMMULTISESSION gives the start of the
    // last session, so tracks at or after it belong to a second session.
    cdrom_multisession ms{};
    ms.addr_format = CDROM_LBA;
    int32_t lastSessionStart = -1;
    if (::ioctl(fd_, CDROMMULTISESSION, &ms) == 0 && ms.xa_flag) lastSessionStart = ms.addr.lba;
    for (unsigned t = hdr.cdth_trk0; t <= hdr.cdth_trk1 && t <= 99; ++t) {
      cdrom_tocentry e{};
      e.cdte_track = static_cast<uint8_t>(t);
      e.cdte_format = CDROM_LBA;
      if (::ioctl(fd_, CDROMREADTOCENTRY, &e) != 0) return Error(ErrorCode::Io, path_ + ": cannot read TOC entry " + std::to_string(t));
      DriveTrack d;
      d.number = t;
      d.control = static_cast<uint8_t>(e.cdte_ctrl);
      d.dataMode = (e.cdte_ctrl & 0x4) ? static_cast<uint8_t>(e.cdte_datamode == 2 ? 2 : 1) : 0;
      d.startLba = e.cdte_addr.lba;
      d.session = (lastSessionStart > 0 && d.startLba >= lastSessionStart) ? 2 : 1;
      toc.tracks.push_back(d);
    }
    cdrom_tocentry lead{};
    lead.cdte_track = CDROM_LEADOUT;
    lead.cdte_format = CDROM_LBA;
    if (::ioctl(fd_, CDROMREADTOCENTRY, &lead) == 0) toc.leadOutLba = lead.cdte_addr.lba;
    cdrom_mcn mcn{};
    if (::ioctl(fd_, CDROM_GET_MCN, &mcn) == 0) toc.catalog.assign(reinterpret_cast<const char*>(mcn.medium_catalog_number), 13);
    return toc;
  }

  Error readAudio(int32_t lba, uint32_t count, MutableByteView out) override {
    cdrom_read_audio ra{};
    ra.addr.lba = lba;
    ra.addr_format = CDROM_LBA;
    ra.nframes = static_cast<int>(count);
    ra.buf = out.data();
    if (::ioctl(fd_, CDROMREADAUDIO, &ra) != 0)
      return Error(ErrorCode::Io, path_ + ": audio read at LBA " + std::to_string(lba) + " failed: " + std::strerror(errno));
    return {};
  }

  Error readData(int32_t lba, uint32_t count, MutableByteView out) override {
    const size_t want = static_cast<size_t>(count) * 2048;
    size_t got = 0;
    while (got < want) {
      const ssize_t n = ::pread(fd_, out.data() + got, want - got, static_cast<off_t>(lba) * 2048 + static_cast<off_t>(got));
      if (n <= 0)
        return Error(ErrorCode::Io, path_ + ": data read at LBA " + std::to_string(lba) + " failed: " + (n == 0 ? "end of medium" : std::strerror(errno)));
      got += static_cast<size_t>(n);
    }
    return {};
  }

private:
  std::string path_;
  int fd_;
};

} // namespace

Result<std::unique_ptr<CdDrive>> openLinuxCdDrive(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return Error(ErrorCode::Io, path + ": cannot open: " + std::strerror(errno));
  return std::unique_ptr<CdDrive>(std::make_unique<LinuxCdDrive>(path, fd));
}
#else
Result<std::unique_ptr<CdDrive>> openLinuxCdDrive(const std::string& path) {
  return Error(ErrorCode::Unsupported, path + ": optical drives are read through Linux CD-ROM ioctls only");
}
#endif

} // namespace dv::analyzer::cd
