// Pipeline: reader threads fill a fixed pool of chunk buffers; worker threads run (consumer, chunk)
// tasks as soon as their dependency (the same consumer's previous chunk) is met.
#include "analyzer/pipeline/Pipeline.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <map>
#include <mutex>
#include <queue>
#include <thread>

#include "core/Text.h"

namespace dv::analyzer {
namespace {

using Clock = std::chrono::steady_clock;

struct Task {
  int priority = 0;
  uint64_t chunk = 0;
  size_t consumer = 0;
};

struct TaskOrder {
  // std::priority_queue pops the largest: higher priority first, then the oldest chunk.
  bool operator()(const Task& a, const Task& b) const {
    if (a.priority != b.priority) return a.priority < b.priority;
    if (a.chunk != b.chunk) return a.chunk > b.chunk;
    return a.consumer > b.consumer;
  }
};

/// A chunk that has been claimed by a reader and not yet consumed by everyone.
struct Slot {
  size_t buffer = 0;
  uint64_t offset = 0;
  size_t length = 0;
  bool published = false;
  size_t remaining = 0;          ///< consumers that have not finished this chunk
  std::vector<uint8_t> done;     ///< per consumer: consume() returned
  std::vector<uint8_t> waiting;  ///< per consumer: parked until the previous chunk is done
};

class Pass {
public:
  Pass(ByteSource& source, std::span<Consumer* const> consumers, const PipelineOptions& o)
      : source_(source), consumers_(consumers.begin(), consumers.end()), opt_(o) {}

  PassResult run();

private:
  void readerLoop();
  void sequentialReaderLoop();
  void workerLoop();
  void progressLoop();

  /// Reads [offset, offset+length) into buf with retries; narrows failures to sectors, zero-fills
  /// and records them. Returns false when the source is gone (fatal already recorded).
  bool readRandom(uint64_t offset, MutableByteView buf);
  bool readWithRetries(uint64_t offset, MutableByteView buf, size_t& got, Error& lastError);
  /// After a failed or short read: true (fatal recorded) when the source is gone or shrank.
  bool stopIfInputChanged(uint64_t offset, const Error& err);
  void recordUnreadable(uint64_t offset, uint64_t length);
  void setFatal(Error e);

  // Called with mutex_ held.
  bool claim(uint64_t& index, size_t& buffer, std::unique_lock<std::mutex>& lock);
  void publish(uint64_t index, size_t length);
  void retireEmpty(uint64_t index);
  void complete(size_t consumer, uint64_t index);
  bool previousDone(size_t consumer, uint64_t index) const;

  ByteSource& source_;
  std::vector<Consumer*> consumers_;
  PipelineOptions opt_;
  uint64_t chunkSize_ = 0;
  std::optional<uint64_t> size_;
  uint64_t totalChunks_ = UINT64_MAX; ///< known up front for random access, at the end for streams

  std::mutex mutex_;
  std::condition_variable workCv_;   ///< workers: a task is ready or the pass ended
  std::condition_variable bufferCv_; ///< readers: a buffer is free
  std::condition_variable doneCv_;   ///< progress: the pass ended
  std::vector<std::vector<uint8_t>> buffers_;
  std::vector<size_t> freeBuffers_;
  std::map<uint64_t, Slot> slots_;
  std::priority_queue<Task, std::vector<Task>, TaskOrder> ready_;
  uint64_t nextChunk_ = 0;
  unsigned readersRunning_ = 0;
  unsigned running_ = 0; ///< tasks being consumed right now
  bool stop_ = false;
  bool finished_ = false;

  std::atomic<uint64_t> bytesRead_{0};
  std::atomic<uint64_t> unreadableSectors_{0};
  std::atomic<uint64_t> retriedReads_{0};
  std::mutex errorMutex_;
  std::vector<ByteRange> unreadable_;
  Error fatal_;
  Clock::time_point start_;
};

bool Pass::claim(uint64_t& index, size_t& buffer, std::unique_lock<std::mutex>& lock) {
  bufferCv_.wait(lock, [&] { return stop_ || nextChunk_ >= totalChunks_ || !freeBuffers_.empty(); });
  if (stop_ || nextChunk_ >= totalChunks_) return false;
  index = nextChunk_++;
  buffer = freeBuffers_.back();
  freeBuffers_.pop_back();
  Slot& s = slots_[index];
  s.buffer = buffer;
  s.done.assign(consumers_.size(), 0);
  s.waiting.assign(consumers_.size(), 0);
  return true;
}

bool Pass::previousDone(size_t consumer, uint64_t index) const {
  if (index == 0) return true;
  auto it = slots_.find(index - 1);
  // Chunks are claimed in index order, so a previous chunk without a slot has been retired.
  return it == slots_.end() || it->second.done[consumer] != 0;
}

void Pass::publish(uint64_t index, size_t length) {
  Slot& s = slots_.at(index);
  s.offset = index * chunkSize_;
  s.length = length;
  s.published = true;
  s.remaining = consumers_.size();
  for (size_t c = 0; c < consumers_.size(); ++c) {
    if (consumers_[c]->needsPrevious(index, s.offset) && !previousDone(c, index)) {
      s.waiting[c] = 1;
    } else {
      ready_.push({consumers_[c]->priority(), index, c});
    }
  }
  if (consumers_.empty()) retireEmpty(index);
  workCv_.notify_all();
}

void Pass::retireEmpty(uint64_t index) {
  auto it = slots_.find(index);
  freeBuffers_.push_back(it->second.buffer);
  slots_.erase(it);
  bufferCv_.notify_one();
  workCv_.notify_all();
}

void Pass::complete(size_t consumer, uint64_t index) {
  Slot& s = slots_.at(index);
  s.done[consumer] = 1;
  auto next = slots_.find(index + 1);
  if (next != slots_.end() && next->second.waiting[consumer]) {
    next->second.waiting[consumer] = 0;
    ready_.push({consumers_[consumer]->priority(), index + 1, consumer});
    workCv_.notify_one();
  }
  if (--s.remaining == 0) retireEmpty(index);
}

void Pass::setFatal(Error e) {
  {
    std::lock_guard lock(errorMutex_);
    if (!fatal_) fatal_ = std::move(e);
  }
  std::lock_guard lock(mutex_);
  stop_ = true;
  bufferCv_.notify_all();
  workCv_.notify_all();
}

void Pass::recordUnreadable(uint64_t offset, uint64_t length) {
  std::lock_guard lock(errorMutex_);
  unreadable_.push_back({offset, length});
  unreadableSectors_ += (length + opt_.sectorSize - 1) / opt_.sectorSize;
}

bool Pass::readWithRetries(uint64_t offset, MutableByteView buf, size_t& got, Error& lastError) {
  for (unsigned attempt = 0; attempt <= opt_.retries; ++attempt) {
    if (attempt > 0) ++retriedReads_;
    auto n = source_.readAt(offset, buf);
    if (n) {
      got = *n;
      return true;
    }
    lastError = std::move(n).takeError();
    if (source_.gone()) return false;
  }
  return false;
}

bool Pass::stopIfInputChanged(uint64_t offset, const Error& err) {
  // Asked only after a failed or short read: a device that went away, or an input that shrank
  // under the reader, ends the pass. Zero-filling the rest would describe an input that does not
  // exist; narrowing would retry every remaining sector of a dead device.
  const std::optional<uint64_t> now = source_.currentSize();
  const std::string at = " during the read at offset 0x" + hex(offset);
  if (source_.gone()) {
    setFatal(Error(ErrorCode::Io, source_.info().path + ": the device went away" + at +
                                      (err ? ": " + err.message() : std::string())));
    return true;
  }
  if (now && size_ && *now < *size_) {
    setFatal(Error(ErrorCode::Io, source_.info().path + ": the input shrank from " + std::to_string(*size_) + " to " +
                                      std::to_string(*now) + " bytes" + at));
    return true;
  }
  return false;
}

bool Pass::readRandom(uint64_t offset, MutableByteView buf) {
  size_t got = 0;
  Error err;
  if (readWithRetries(offset, buf, got, err) && got == buf.size()) return true;
  if (stopIfInputChanged(offset, err)) return false;
  // Narrow the failure (or a short read the source cannot explain) to single sectors.
  const uint64_t ss = opt_.sectorSize;
  for (uint64_t pos = 0; pos < buf.size(); pos += ss) {
    const size_t len = static_cast<size_t>(std::min<uint64_t>(ss, buf.size() - pos));
    MutableByteView part = buf.subspan(static_cast<size_t>(pos), len);
    size_t n = 0;
    Error e;
    if (readWithRetries(offset + pos, part, n, e) && n == len) continue;
    if (source_.gone()) {
      setFatal(Error(ErrorCode::Io, source_.info().path + ": the device went away during the read at offset 0x" +
                                        hex(offset + pos)));
      return false;
    }
    std::memset(part.data(), 0, part.size()); // never a silent gap: zero-filled and recorded
    recordUnreadable(offset + pos, len);
  }
  return true;
}

void Pass::readerLoop() {
  for (;;) {
    uint64_t index = 0;
    size_t buffer = 0;
    {
      std::unique_lock lock(mutex_);
      if (!claim(index, buffer, lock)) break;
    }
    const uint64_t offset = index * chunkSize_;
    const size_t length = static_cast<size_t>(std::min<uint64_t>(chunkSize_, *size_ - offset));
    MutableByteView view(buffers_[buffer].data(), length);
    const bool ok = readRandom(offset, view);
    std::lock_guard lock(mutex_);
    if (!ok || stop_) {
      retireEmpty(index);
      continue;
    }
    bytesRead_ += length;
    publish(index, length);
  }
  std::lock_guard lock(mutex_);
  if (--readersRunning_ == 0) workCv_.notify_all();
}

void Pass::sequentialReaderLoop() {
  Error err;
  for (;;) {
    uint64_t index = 0;
    size_t buffer = 0;
    {
      std::unique_lock lock(mutex_);
      if (!claim(index, buffer, lock)) break;
    }
    MutableByteView view(buffers_[buffer].data(), static_cast<size_t>(chunkSize_));
    size_t got = 0;
    while (got < view.size()) {
      auto n = source_.readNext(view.subspan(got));
      if (!n) {
        // A stream cannot be re-read: its end is unknown, so the pass is incomplete.
        err = std::move(n).takeError().context("reading stopped at offset 0x" + hex(index * chunkSize_ + got));
        break;
      }
      if (*n == 0) break;
      got += *n;
    }
    const bool last = got < view.size();
    {
      std::lock_guard lock(mutex_);
      if (last) totalChunks_ = got > 0 ? index + 1 : index;
      if (got == 0 || stop_) {
        retireEmpty(index);
      } else {
        bytesRead_ += got;
        publish(index, got);
      }
    }
    if (err || last) break;
  }
  if (err) setFatal(std::move(err));
  std::lock_guard lock(mutex_);
  readersRunning_ -= 1;
  bufferCv_.notify_all();
  workCv_.notify_all();
}

void Pass::workerLoop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    workCv_.wait(lock, [&] { return !ready_.empty() || (readersRunning_ == 0 && slots_.empty()) || stop_; });
    if (ready_.empty()) {
      if (readersRunning_ == 0 && slots_.empty()) break;
      if (stop_) {
        // After a fatal error, parked tasks can never run: once no reader and no task is active,
        // release every remaining chunk so all workers can leave.
        if (readersRunning_ == 0 && running_ == 0) {
          while (!slots_.empty()) retireEmpty(slots_.begin()->first);
          break;
        }
        workCv_.wait_for(lock, std::chrono::milliseconds(10));
      }
      continue;
    }
    const Task t = ready_.top();
    ready_.pop();
    const Slot& s = slots_.at(t.chunk);
    const Chunk chunk{t.chunk, s.offset, ByteView(buffers_[s.buffer].data(), s.length)};
    ++running_;
    lock.unlock();
    consumers_[t.consumer]->consume(chunk);
    lock.lock();
    --running_;
    complete(t.consumer, t.chunk);
  }
  finished_ = true;
  doneCv_.notify_all();
  workCv_.notify_all();
}

void Pass::progressLoop() {
  if (!opt_.progress) return;
  std::unique_lock lock(mutex_);
  for (;;) {
    const bool ended = doneCv_.wait_for(lock, std::chrono::milliseconds(250), [&] { return finished_; });
    ProgressSnapshot snap;
    snap.bytesDone = bytesRead_.load();
    snap.totalBytes = size_;
    snap.readErrors = unreadableSectors_.load();
    snap.elapsedSeconds = std::chrono::duration<double>(Clock::now() - start_).count();
    lock.unlock();
    if (ended) {
      opt_.progress->finish(snap);
      return;
    }
    opt_.progress->update(snap);
    lock.lock();
  }
}

PassResult Pass::run() {
  start_ = Clock::now();
  const SourceInfo& info = source_.info();
  const bool sequential = info.sequential || !info.size;
  size_ = sequential ? std::nullopt : info.size;

  unsigned threads = opt_.threads ? opt_.threads : std::max(1u, std::thread::hardware_concurrency());
  unsigned readers = sequential ? 1 : (opt_.readers ? opt_.readers : defaultReaders(info, threads));
  chunkSize_ = std::max<uint64_t>(opt_.sectorSize, opt_.chunkSize / opt_.sectorSize * opt_.sectorSize);
  if (size_) totalChunks_ = (*size_ + chunkSize_ - 1) / chunkSize_;
  unsigned buffers = opt_.buffers;
  if (buffers == 0) {
    const uint64_t cap = std::max<uint64_t>(4, (uint64_t{256} << 20) / chunkSize_);
    buffers = static_cast<unsigned>(std::clamp<uint64_t>(2 * uint64_t{threads} + readers + 2, 4, cap));
  }
  buffers = std::max(buffers, readers + 1);
  buffers_.resize(buffers);
  for (size_t i = 0; i < buffers; ++i) {
    buffers_[i].resize(static_cast<size_t>(chunkSize_));
    freeBuffers_.push_back(buffers - 1 - i);
  }

  readersRunning_ = readers;
  std::vector<std::thread> pool;
  for (unsigned i = 0; i < threads; ++i) pool.emplace_back([this] { workerLoop(); });
  std::thread progress([this] { progressLoop(); });
  std::thread canceller;
  if (opt_.cancel) {
    canceller = std::thread([this] {
      std::unique_lock lock(mutex_);
      while (!finished_) {
        if (opt_.cancel->load()) {
          lock.unlock();
          setFatal(Error(ErrorCode::Cancelled, "the pass was cancelled"));
          return;
        }
        doneCv_.wait_for(lock, std::chrono::milliseconds(50));
      }
    });
  }
  std::vector<std::thread> readerThreads;
  for (unsigned i = 0; i < readers; ++i)
    readerThreads.emplace_back([this, sequential] { sequential ? sequentialReaderLoop() : readerLoop(); });
  for (auto& t : readerThreads) t.join();
  for (auto& t : pool) t.join();
  {
    std::lock_guard lock(mutex_);
    finished_ = true;
    doneCv_.notify_all();
  }
  progress.join();
  if (canceller.joinable()) canceller.join();

  PassResult r;
  r.bytesRead = bytesRead_.load();
  for (Consumer* c : consumers_) c->finish(r.bytesRead);
  std::sort(unreadable_.begin(), unreadable_.end(), [](auto& a, auto& b) { return a.offset < b.offset; });
  for (const ByteRange& x : unreadable_) {
    if (!r.unreadable.empty() && r.unreadable.back().end() == x.offset) r.unreadable.back().length += x.length;
    else r.unreadable.push_back(x);
  }
  r.unreadableSectors = unreadableSectors_.load();
  r.retriedReads = retriedReads_.load();
  r.fatal = std::move(fatal_);
  r.elapsedSeconds = std::chrono::duration<double>(Clock::now() - start_).count();
  r.threadsUsed = threads;
  r.readersUsed = readers;
  r.chunkSizeUsed = chunkSize_;
  r.buffersUsed = buffers;
  return r;
}

} // namespace

unsigned defaultReaders(const SourceInfo& info, unsigned threads) {
  if (info.sequential) return 1;
  switch (info.media) {
  case MediaKind::Rotational:
  case MediaKind::Optical: return 1;
  default: return std::clamp(threads, 2u, 4u);
  }
}

Result<PassResult> runPipeline(ByteSource& source, std::span<Consumer* const> consumers,
                               const PipelineOptions& options) {
  if (options.sectorSize == 0) return Error(ErrorCode::InvalidArgument, "sector size must not be 0");
  if (options.chunkSize == 0) return Error(ErrorCode::InvalidArgument, "chunk size must not be 0");
  if (options.chunkSize > (uint64_t{1} << 30))
    return Error(ErrorCode::InvalidArgument, "chunk size " + humanBytes(options.chunkSize) + " is above the 1 GiB limit");
  Pass pass(source, consumers, options);
  return pass.run();
}

} // namespace dv::analyzer
