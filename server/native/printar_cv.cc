// Native fast path of the recognition engine (server/src/engine/nativeCv.ts): the three OpenCV
// calls that dominate a search — ORB detect+compute, Hamming knn matching, and findHomography —
// against the system's OpenCV (Debian: libopencv-dev 4.6), through plain Node-API so it needs no
// npm package. Built only on request (`npm run build:native`); without it the engine uses
// opencv.js (WebAssembly), which gives the same features to within rounding.
#include <node_api.h>
#include <opencv2/calib3d.hpp>
#include <opencv2/core.hpp>
#include <opencv2/features2d.hpp>
#include <cstring>
#include <string>
#include <vector>

#define CHECK(call)                                                        \
  do {                                                                     \
    if ((call) != napi_ok) {                                               \
      napi_throw_error(env, nullptr, "printar_cv: Node-API call failed");  \
      return nullptr;                                                      \
    }                                                                      \
  } while (0)

static bool typedArray(napi_env env, napi_value v, void** data, size_t* bytes) {
  napi_typedarray_type type;
  size_t length;
  napi_value buffer;
  size_t offset;
  if (napi_get_typedarray_info(env, v, &type, &length, data, &buffer, &offset) != napi_ok) return false;
  size_t unit = type == napi_float32_array || type == napi_int32_array || type == napi_uint32_array ? 4 : type == napi_float64_array ? 8 : 1;
  *bytes = length * unit;
  return true;
}

static napi_value newTyped(napi_env env, napi_typedarray_type type, size_t count, size_t unit, const void* src) {
  void* data = nullptr;
  napi_value buffer, array;
  if (napi_create_arraybuffer(env, count * unit, &data, &buffer) != napi_ok) return nullptr;
  if (count) std::memcpy(data, src, count * unit);
  if (napi_create_typedarray(env, type, count, buffer, 0, &array) != napi_ok) return nullptr;
  return array;
}

static double numberArg(napi_env env, napi_value v) {
  double d = 0;
  napi_get_value_double(env, v, &d);
  return d;
}

// orb(grey: Uint8Array, width, height, nfeatures, nlevels, scaleFactor, fastThreshold)
//   -> { keypoints: Float32Array [x, y, size, angle, response, octave] * n, descriptors: Uint8Array n * 32 }
static napi_value Orb(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value argv[7];
  CHECK(napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  if (argc < 7) {
    napi_throw_type_error(env, nullptr, "orb: expected 7 arguments");
    return nullptr;
  }
  void* data;
  size_t bytes;
  if (!typedArray(env, argv[0], &data, &bytes)) {
    napi_throw_type_error(env, nullptr, "orb: grey must be a Uint8Array");
    return nullptr;
  }
  int width = (int)numberArg(env, argv[1]);
  int height = (int)numberArg(env, argv[2]);
  if (width <= 0 || height <= 0 || (size_t)width * height > bytes) {
    napi_throw_range_error(env, nullptr, "orb: width x height exceeds the pixels given");
    return nullptr;
  }
  std::vector<cv::KeyPoint> keypoints;
  cv::Mat descriptors;
  try {
    cv::Mat grey(height, width, CV_8UC1, data);
    auto orb = cv::ORB::create((int)numberArg(env, argv[3]), (float)numberArg(env, argv[5]), (int)numberArg(env, argv[4]), 31, 0, 2, cv::ORB::HARRIS_SCORE, 31,
                               (int)numberArg(env, argv[6]));
    orb->detectAndCompute(grey, cv::noArray(), keypoints, descriptors);
  } catch (const cv::Exception& e) {
    napi_throw_error(env, nullptr, e.what());
    return nullptr;
  }
  std::vector<float> points(keypoints.size() * 6);
  for (size_t i = 0; i < keypoints.size(); i++) {
    const auto& k = keypoints[i];
    float* p = &points[i * 6];
    p[0] = k.pt.x, p[1] = k.pt.y, p[2] = k.size, p[3] = k.angle, p[4] = k.response, p[5] = (float)k.octave;
  }
  napi_value result;
  CHECK(napi_create_object(env, &result));
  napi_value kp = newTyped(env, napi_float32_array, points.size(), 4, points.data());
  napi_value desc = newTyped(env, napi_uint8_array, descriptors.empty() ? 0 : descriptors.total(), 1, descriptors.empty() ? nullptr : descriptors.ptr());
  if (!kp || !desc) return nullptr;
  CHECK(napi_set_named_property(env, result, "keypoints", kp));
  CHECK(napi_set_named_property(env, result, "descriptors", desc));
  return result;
}

// knn2(query: Uint8Array, train: Uint8Array) -> Int32Array [trainIdx1, dist1, trainIdx2, dist2] per query row (-1 when absent)
static napi_value Knn2(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  CHECK(napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  void *q, *t;
  size_t qb, tb;
  if (argc < 2 || !typedArray(env, argv[0], &q, &qb) || !typedArray(env, argv[1], &t, &tb) || qb % 32 || tb % 32) {
    napi_throw_type_error(env, nullptr, "knn2: expected two Uint8Arrays of 32-byte descriptors");
    return nullptr;
  }
  int nq = (int)(qb / 32), nt = (int)(tb / 32);
  std::vector<int32_t> out((size_t)nq * 4, -1);
  if (nq > 0 && nt > 0) {
    cv::Mat qm(nq, 32, CV_8UC1, q), tm(nt, 32, CV_8UC1, t);
    std::vector<std::vector<cv::DMatch>> knn;
    cv::BFMatcher(cv::NORM_HAMMING, false).knnMatch(qm, tm, knn, 2);
    for (size_t i = 0; i < knn.size(); i++) {
      for (size_t j = 0; j < knn[i].size() && j < 2; j++) {
        out[i * 4 + j * 2] = knn[i][j].trainIdx;
        out[i * 4 + j * 2 + 1] = (int32_t)knn[i][j].distance;
      }
    }
  }
  return newTyped(env, napi_int32_array, out.size(), 4, out.data());
}

// homography(src: Float32Array xy*n, dst: Float32Array xy*n, method, reprojThreshold, maxIters, confidence)
//   -> { h: Float64Array(9) | null, mask: Uint8Array n }
static napi_value Homography(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  CHECK(napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  void *s, *d;
  size_t sb, db;
  if (argc < 6 || !typedArray(env, argv[0], &s, &sb) || !typedArray(env, argv[1], &d, &db) || sb != db || sb % 8) {
    napi_throw_type_error(env, nullptr, "homography: expected two Float32Arrays of equal length");
    return nullptr;
  }
  int n = (int)(sb / 8);
  cv::Mat h;
  std::vector<uchar> mask(n, 0);
  try {
    if (n >= 4) {
      cv::Mat sm(n, 1, CV_32FC2, s), dm(n, 1, CV_32FC2, d), m;
      h = cv::findHomography(sm, dm, (int)numberArg(env, argv[2]), numberArg(env, argv[3]), m, (int)numberArg(env, argv[4]), numberArg(env, argv[5]));
      if (!m.empty()) std::memcpy(mask.data(), m.ptr(), n);
    }
  } catch (const cv::Exception& e) {
    napi_throw_error(env, nullptr, e.what());
    return nullptr;
  }
  napi_value result, hv;
  CHECK(napi_create_object(env, &result));
  if (h.empty() || h.rows != 3 || h.cols != 3) {
    CHECK(napi_get_null(env, &hv));
  } else {
    cv::Mat h64;
    h.convertTo(h64, CV_64F);
    hv = newTyped(env, napi_float64_array, 9, 8, h64.ptr());
  }
  CHECK(napi_set_named_property(env, result, "h", hv));
  CHECK(napi_set_named_property(env, result, "mask", newTyped(env, napi_uint8_array, n, 1, mask.data())));
  return result;
}

static napi_value Init(napi_env env, napi_value exports) {
  napi_value fn;
  napi_create_function(env, "orb", NAPI_AUTO_LENGTH, Orb, nullptr, &fn);
  napi_set_named_property(env, exports, "orb", fn);
  napi_create_function(env, "knn2", NAPI_AUTO_LENGTH, Knn2, nullptr, &fn);
  napi_set_named_property(env, exports, "knn2", fn);
  napi_create_function(env, "homography", NAPI_AUTO_LENGTH, Homography, nullptr, &fn);
  napi_set_named_property(env, exports, "homography", fn);
  napi_value version;
  napi_create_string_utf8(env, CV_VERSION, NAPI_AUTO_LENGTH, &version);
  napi_set_named_property(env, exports, "opencvVersion", version);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
