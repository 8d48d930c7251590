@SuppressWarnings("requires-automatic") // Arrow flatbuffers, HdrHistogram and Chronicle publish no module descriptors
module org.strata.engine {
  requires org.apache.arrow.vector;
  requires org.apache.arrow.memory.core;
  requires chronicle.map;
  requires chronicle.bytes;
  requires chronicle.core;
  requires org.apache.arrow.format;
  requires java.compiler;
  requires info.picocli;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.yaml;
  requires HdrHistogram;
  requires me.tongfei.progressbar;
  requires org.strata.datasets;
  requires org.eclipse.jetty.server;
  requires org.eclipse.jetty.http;
  requires org.eclipse.jetty.io;
  requires org.eclipse.jetty.util;
  exports org.strata.api;
}
