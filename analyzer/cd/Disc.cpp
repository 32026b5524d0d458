// Disc: names of the model's enumerations.
#include "analyzer/cd/Disc.h"

namespace dv::analyzer::cd {

std::string_view trackModeName(TrackMode m) {
  switch (m) {
  case TrackMode::Audio: return "audio";
  case TrackMode::Mode0: return "mode0";
  case TrackMode::Mode1: return "mode1";
  case TrackMode::Mode2: return "mode2";
  case TrackMode::Mode2Form1: return "mode2_form1";
  case TrackMode::Mode2Form2: return "mode2_form2";
  case TrackMode::Mode2Mixed: return "mode2_mixed";
  }
  return "mode1";
}

std::string_view subchannelName(Subchannel s) {
  switch (s) {
  case Subchannel::None: return "none";
  case Subchannel::Interleaved: return "interleaved";
  case Subchannel::Linear: return "linear";
  case Subchannel::PackedRw: return "packed-rw";
  case Subchannel::Separate: return "separate-file";
  }
  return "none";
}

} // namespace dv::analyzer::cd
