/*
 * Corrupts the agent jar in many ways and runs the bootstrap's jar reader (find_directory,
 * find_stored in ../../main/c/bootstrap.c) over each copy, built with AddressSanitizer and
 * UndefinedBehaviorSanitizer by BootstrapJarReaderIT: a read outside the copy, or undefined
 * behaviour, stops the run with the sanitizer's report. Each copy is its own allocation of exactly
 * its size, so a read one byte past its end is caught.
 *
 * Usage: jar_reader_fuzz JAR ITERATIONS
 * Prints: ITERATIONS iterations, D directories, E entries read
 *
 * The corruptions, from a fixed seed so every run is the same: bytes overwritten anywhere, in the
 * central directory or at the end-of-directory record; the file cut short; and a central-directory
 * entry whose two sizes agree but run past the file, or whose local header offset moves.
 */
#include "bootstrap.c"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const NAMES[] = {
    "dev/jvmmetrics/agent/Log.class",         "dev/jvmmetrics/agent/AgentMain.class",
    "dev/jvmmetrics/agent/metrics/Metric.class", "META-INF/MANIFEST.MF",
    "dev/jvmmetrics/agent/otlp/ProtoBuffer.class", "not/in/the/jar.class"};

/* Overwrites a few bytes of copy (size bytes), mostly near its end, where the directory is. */
static void overwrite_bytes(unsigned char *copy, long size) {
  int count = 1 + rand() % 8;
  for (int i = 0; i < count && size > 0; i++) {
    long tail = size < 8192 ? size : 8192;
    long at = rand() % 3 == 0 ? rand() % size : size - 1 - rand() % tail;
    int kind = rand() % 3;
    copy[at] = kind == 0 ? (unsigned char)rand() : kind == 1 ? 0xff : 0;
  }
}

/* Gives one central-directory entry sizes that agree but may run past the file, or a new local
 * header offset. */
static void move_an_entry(unsigned char *copy, long size) {
  long at = size - 5 - rand() % (size < 8192 ? size - 4 : 8192);
  while (at > 0 && read32(copy + at) != 0x02014b50UL) {
    at--;
  }
  if (at + 46 > size) {
    return;
  }
  unsigned long value = (unsigned long)(rand() % (2 * size));
  int field = rand() % 2 ? 20 : 42;
  for (int b = 0; b < 4; b++) {
    copy[at + field + b] = (unsigned char)(value >> (8 * b));
    if (field == 20) {
      copy[at + 24 + b] = (unsigned char)(value >> (8 * b));
    }
  }
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: jar_reader_fuzz JAR ITERATIONS\n");
    return 2;
  }
  FILE *file = fopen(argv[1], "rb");
  if (file == NULL || fseek(file, 0, SEEK_END) != 0) {
    fprintf(stderr, "cannot read %s\n", argv[1]);
    return 2;
  }
  long size = ftell(file);
  rewind(file);
  unsigned char *jar_bytes = malloc(size);
  if (jar_bytes == NULL || fread(jar_bytes, 1, size, file) != (size_t)size) {
    fprintf(stderr, "cannot read %s\n", argv[1]);
    return 2;
  }
  fclose(file);
  long iterations = atol(argv[2]);
  unsigned long directories = 0;
  unsigned long entries = 0;
  unsigned long checksum = 0;
  srand(42);
  for (long i = 0; i < iterations; i++) {
    long length = rand() % 8 == 0 ? rand() % (size + 1) : size;
    unsigned char *copy = malloc(length > 0 ? length : 1);
    memcpy(copy, jar_bytes, length);
    overwrite_bytes(copy, length);
    if (length == size && rand() % 4 == 0) {
      move_an_entry(copy, length);
    }
    struct jar jar = {copy, (unsigned long)length, 0, 0, 0};
    if (find_directory(&jar)) {
      directories++;
      for (unsigned n = 0; n < sizeof NAMES / sizeof NAMES[0]; n++) {
        unsigned long stored;
        const unsigned char *bytes = find_stored(&jar, NAMES[n], strlen(NAMES[n]), &stored);
        if (bytes != NULL) {
          entries++;
          for (unsigned long b = 0; b < stored; b++) {
            checksum += bytes[b]; /* Every byte it hands out is read. */
          }
        }
      }
    }
    free(copy);
  }
  free(jar_bytes);
  printf("%ld iterations, %lu directories, %lu entries read (%lu)\n", iterations, directories,
         entries, checksum);
  return 0;
}
