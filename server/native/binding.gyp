{
  "targets": [
    {
      "target_name": "printar_cv",
      "sources": ["printar_cv.cc"],
      "cflags_cc": ["-O2", "-std=c++17", "-fexceptions", "<!@(pkg-config --cflags opencv4)"],
      "cflags_cc!": ["-fno-exceptions"],
      "libraries": ["-lopencv_core", "-lopencv_imgproc", "-lopencv_features2d", "-lopencv_calib3d"]
    }
  ]
}
