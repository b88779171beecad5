#include "compiler/sema/image_ref.h"

namespace dsc::sema {

ImageRef SplitImage(std::string_view image) {
  ImageRef ref;
  if (size_t at = image.find('@'); at != std::string_view::npos) {
    ref.digest = image.substr(at + 1);
    image = image.substr(0, at);
  }
  size_t slash = image.rfind('/');
  size_t colon = image.rfind(':');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    ref.tag = image.substr(colon + 1);
    image = image.substr(0, colon);
  }
  ref.repository = image;
  return ref;
}

}  // namespace dsc::sema
