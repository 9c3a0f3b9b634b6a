package dev.aviary.image;

/** This machine's architecture, named as ONNX Runtime's jar and image manifests name it. */
record HostPlatform(String onnxRuntime, String imageArchitecture) {

  static HostPlatform current() {
    String os = System.getProperty("os.name", "");
    String arch = System.getProperty("os.arch", "");
    if (os.equals("Linux") && (arch.equals("amd64") || arch.equals("x86_64"))) {
      return new HostPlatform("linux-x64", "amd64");
    }
    if (os.equals("Linux") && arch.equals("aarch64")) {
      return new HostPlatform("linux-aarch64", "arm64");
    }
    throw new ImageException(
        "images are built on Linux x86-64 or aarch64 (their runtime and libraries come from this"
            + " machine); this is "
            + os
            + " "
            + arch);
  }
}
