/*
 * The native bootstrap: loads the JVM metrics agent without -javaagent.
 *
 * Usage: -agentpath:/path/libjvmmetrics-x86_64.so=/path/jvm-metrics-agent.jar
 *
 * Why: any -javaagent loads java.instrument, which turns off CDS's archived module graph and so
 * costs every JVM tens of milliseconds and megabytes before main (docs/bootstrap.md). A JVMTI
 * agent does not, and it can put a jar on the class path and call into it just the same.
 *
 * What it does: Agent_OnLoad only remembers the jar and asks for the VMInit event. At VMInit it
 * starts one JVMTI agent thread and returns at once, so the application's main thread is held up
 * by one Thread object and nothing else. That thread waits WAIT_MILLIS (as the Java agent's own
 * thread does, so a JVM that exits sooner, such as `java -version`, never opens the jar), then
 * appends the jar to the system class path (AddToSystemClassLoaderSearch) and calls
 * AgentMain.premain, exactly what the JVM calls for -javaagent. Before that it binds
 * AgentMain.defineClasses, with which the agent later has the classes its reports need defined
 * straight from the jar's bytes rather than loaded one by one (PreloadedClasses.java), and the
 * methods of platform.Natives, with which it gets the platform MXBeans without ManagementFactory's
 * provider machinery and maps its performance-data file without reflection.
 *
 * Rules it keeps:
 * - It never stops a JVM. Agent_OnLoad always returns JNI_OK (anything else aborts the JVM) and
 *   every failure is at most one line on stderr, in the agent's logfmt, after which the JVM runs
 *   on without the agent.
 * - Loaded twice (the option given twice), the second load does nothing. Loaded beside
 *   -javaagent with the same jar, both routes reach the same AgentMain class in the system class
 *   loader, and AgentMain starts its thread once.
 * - It links nothing: no libc, no libdl, no libpthread (-nostdlib, checked by `readelf -d`), so it
 *   loads beside any glibc or musl. What libc would give, writing a line and mapping the jar, are
 *   raw system calls. The JVM's own functions come through the JVMTI and JNI tables.
 */
#include <jvmti.h>

/* How long the agent thread waits before touching the jar: the Java agent's own first wait
 * (AgentMain.MIN_INTERVAL_MILLIS), so short-lived JVMs never pay for loading it. */
#define WAIT_MILLIS 100

/* Longer jar paths are refused with a line rather than cut. */
#define MAX_JAR_PATH 4096

#define AGENT_CLASS "dev/jvmmetrics/agent/AgentMain"
#define NATIVES_CLASS "dev/jvmmetrics/agent/platform/Natives"
#define THREAD_NAME "jvm-metrics-agent-bootstrap"

static char jar_path[MAX_JAR_PATH];
static int loaded;
/* The VMInit callback table; static so that it starts zeroed without a call to memset. */
static jvmtiEventCallbacks callbacks;

/* The bootstrap is built and tested for x86_64 only; every other architecture (arm64 dynos
 * included) loads the agent as a -javaagent, which the scripts choose from `uname -m`
 * (docs/bootstrap.md says what that costs). A port would need its own system_call below, a build
 * and the bootstrap's tests run on that architecture. */
#if !defined(__x86_64__)
#error "the native bootstrap is x86_64 only: other architectures load the agent as a -javaagent"
#endif

/* A system call of up to six arguments (x86_64 Linux: number in rax, arguments in rdi, rsi, rdx,
 * r10, r8, r9). Returns what the kernel returned: -4095..-1 is -errno. */
static long system_call(long number, long a, long b, long c, long d, long e, long f) {
  long result;
  register long r10 __asm__("r10") = d;
  register long r8 __asm__("r8") = e;
  register long r9 __asm__("r9") = f;
  __asm__ volatile("syscall"
                   : "=a"(result)
                   : "a"(number), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                   : "rcx", "r11", "memory");
  return result;
}

#define SYS_WRITE 1
#define SYS_OPEN 2
#define SYS_CLOSE 3
#define SYS_LSEEK 8
#define SYS_MMAP 9
#define SYS_MUNMAP 11
#define OPEN_READ_ONLY_CLOSE_ON_EXEC 02000000
#define SEEK_FROM_END 2
#define PROT_READ_ONLY 1
#define MAP_PRIVATE_COPY 2
#define MAP_SHARED_VIEW 1
/* The agent jar is a few hundred KB; anything past this is not it. */
#define MAX_JAR_BYTES (64UL << 20)

/* write(2) to stderr, without libc. Returns what the kernel returned (ignored: if stderr is
 * closed there is nobody to tell). */
static long write_stderr(const char *bytes, unsigned long length) {
  return system_call(SYS_WRITE, 2, (long)bytes, (long)length, 0, 0, 0);
}

/* Appends text to line at *used, never past capacity - 1. */
static void append(char *line, unsigned long capacity, unsigned long *used, const char *text) {
  while (*text != '\0' && *used < capacity - 1) {
    line[(*used)++] = *text++;
  }
}

/* Appends text as the inside of a logfmt quoted value: " and \ escaped, control bytes as spaces. */
static void append_quoted(char *line, unsigned long capacity, unsigned long *used,
                          const char *text) {
  for (; *text != '\0' && *used < capacity - 2; text++) {
    char c = *text;
    if (c == '"' || c == '\\') {
      line[(*used)++] = '\\';
      line[(*used)++] = c;
    } else {
      line[(*used)++] = (unsigned char)c < ' ' ? ' ' : c;
    }
  }
}

/* Writes the one line a failure gets, in one write so that it never interleaves with others:
 * at=warn component=jvm-metrics-agent msg="native bootstrap: <why>; ..." [jar="<path>"] */
static void warn(const char *why, int with_jar) {
  char line[MAX_JAR_PATH * 2 + 512];
  unsigned long used = 0;
  append(line, sizeof line, &used, "at=warn component=jvm-metrics-agent msg=\"native bootstrap: ");
  append(line, sizeof line, &used, why);
  append(line, sizeof line, &used,
         "; this JVM runs without the metrics agent. Set HEROKU_METRICS_BOOTSTRAP=javaagent to use"
         " the javaagent instead.\"");
  if (with_jar) {
    append(line, sizeof line, &used, " jar=\"");
    append_quoted(line, sizeof line, &used, jar_path);
    append(line, sizeof line, &used, "\"");
  }
  line[used++] = '\n';
  write_stderr(line, used);
}

/* warn() for the agent thread: says nothing once the JVM has begun to exit. A short program can
 * end while this thread is still at work (on a busy machine, even after the 100 ms wait); JVMTI
 * then answers WRONG_PHASE and Java calls may fail, and neither is a failure worth a line. */
static void warn_unless_exiting(jvmtiEnv *jvmti, const char *why) {
  jvmtiPhase phase;
  if ((*jvmti)->GetPhase(jvmti, &phase) == JVMTI_ERROR_NONE && phase != JVMTI_PHASE_LIVE) {
    return;
  }
  warn(why, 1);
}

/* Maps the whole file at path read-only (MAP_PRIVATE_COPY or MAP_SHARED_VIEW) and closes it;
 * returns the address and sets *size, or returns 0 for a file that cannot be opened or mapped,
 * is empty, or is larger than max_bytes. */
static long map_whole_file(const char *path, long sharing, unsigned long max_bytes,
                           unsigned long *size) {
  long file = system_call(SYS_OPEN, (long)path, OPEN_READ_ONLY_CLOSE_ON_EXEC, 0, 0, 0, 0);
  if (file < 0) {
    return 0;
  }
  long length = system_call(SYS_LSEEK, file, 0, SEEK_FROM_END, 0, 0, 0);
  int fits = length > 0 && (unsigned long)length <= max_bytes;
  long mapped = fits ? system_call(SYS_MMAP, 0, length, PROT_READ_ONLY, sharing, file, 0) : -1;
  system_call(SYS_CLOSE, file, 0, 0, 0, 0, 0);
  if (!fits || (mapped < 0 && mapped > -4096)) {
    return 0;
  }
  *size = (unsigned long)length;
  return mapped;
}

/* Clears a pending Java exception; returns 1 if there was one. */
static int clear_exception(JNIEnv *jni) {
  if (!(*jni)->ExceptionCheck(jni)) {
    return 0;
  }
  (*jni)->ExceptionClear(jni);
  return 1;
}

/* --- Defining the agent's classes from the jar (AgentMain.defineClasses) ---
 *
 * The agent asks, when its first report is due, for the classes that report needs
 * (PreloadedClasses.java has why). The jar is this project's own, built with every entry stored
 * (uncompressed), so a class's bytes lie in the file as they are: the jar is mapped, each class
 * found through the zip's central directory and handed to JNI's DefineClass, and the mapping
 * dropped. Anything unexpected (a compressed or missing entry, a malformed jar, a class already
 * loaded) skips that class or all of them, silently: the system class loader still has the jar and
 * loads whatever was not defined here the ordinary way. */

/* Every name is relative to the agent's own packages: nothing else is defined from here. */
#define PACKAGE_PREFIX "dev/jvmmetrics/agent/"
#define MAX_CLASS_NAME 256

static unsigned int read16(const unsigned char *p) { return p[0] | (unsigned int)p[1] << 8; }

static unsigned long read32(const unsigned char *p) {
  return p[0] | (unsigned long)p[1] << 8 | (unsigned long)p[2] << 16 | (unsigned long)p[3] << 24;
}

/* The jar, mapped: its bytes, its size, and where its central directory lies. */
struct jar {
  const unsigned char *bytes;
  unsigned long size;
  unsigned long directory;
  unsigned long directory_end;
  unsigned long entries;
};

/* Finds the end-of-central-directory record (in the last 64 KB + 22 bytes) and checks that the
 * directory it names lies inside the file. Returns 1 when it does. */
static int find_directory(struct jar *jar) {
  if (jar->size < 22) {
    return 0;
  }
  unsigned long lowest = jar->size > 22 + 65535 ? jar->size - 22 - 65535 : 0;
  for (unsigned long at = jar->size - 22;; at--) {
    const unsigned char *record = jar->bytes + at;
    if (read32(record) == 0x06054b50UL) {
      unsigned long length = read32(record + 12);
      unsigned long offset = read32(record + 16);
      if (offset > at || length > at - offset) {
        return 0;
      }
      jar->directory = offset;
      jar->directory_end = offset + length;
      jar->entries = read16(record + 10);
      return 1;
    }
    if (at == lowest) {
      return 0;
    }
  }
}

/* The stored bytes of the entry called name (length bytes, not NUL-terminated) and their length,
 * or NULL when the jar has no such stored entry. */
static const unsigned char *find_stored(const struct jar *jar, const char *name,
                                        unsigned long length, unsigned long *size) {
  unsigned long at = jar->directory;
  for (unsigned long entry = 0; entry < jar->entries; entry++) {
    if (jar->directory_end - at < 46 || read32(jar->bytes + at) != 0x02014b50UL) {
      return 0;
    }
    const unsigned char *header = jar->bytes + at;
    unsigned long name_length = read16(header + 28);
    unsigned long next = 46 + name_length + read16(header + 30) + read16(header + 32);
    if (jar->directory_end - at < next) {
      return 0;
    }
    unsigned long same = name_length == length;
    for (unsigned long i = 0; same && i < length; i++) {
      same = header[46 + i] == (unsigned char)name[i];
    }
    if (same) {
      unsigned long stored = read32(header + 20);
      unsigned long local = read32(header + 42);
      if (read16(header + 10) != 0 || read32(header + 24) != stored || local > jar->size ||
          jar->size - local < 30 || read32(jar->bytes + local) != 0x04034b50UL) {
        return 0; /* Compressed, or a header that does not match: not ours to read. */
      }
      unsigned long data = local + 30 + read16(jar->bytes + local + 26) +
                           read16(jar->bytes + local + 28);
      if (data > jar->size || jar->size - data < stored) {
        return 0;
      }
      *size = stored;
      return jar->bytes + data;
    }
    at += next;
  }
  return 0;
}

/* Defines one class: PACKAGE_PREFIX + the token's length bytes. Returns 1 when it was. */
static int define_one(JNIEnv *jni, const struct jar *jar, jobject loader, const char *token,
                      unsigned long length) {
  char name[MAX_CLASS_NAME];
  unsigned long used = 0;
  append(name, sizeof name, &used, PACKAGE_PREFIX);
  if (length > sizeof name - used - sizeof ".class") {
    return 0;
  }
  for (unsigned long i = 0; i < length; i++) {
    name[used++] = token[i];
  }
  unsigned long class_name_end = used;
  append(name, sizeof name, &used, ".class");
  unsigned long size;
  const unsigned char *bytes = find_stored(jar, name, used, &size);
  if (bytes == 0 || size > 0x7fffffffUL) {
    return 0;
  }
  name[class_name_end] = '\0';
  jclass defined = (*jni)->DefineClass(jni, name, loader, (const jbyte *)bytes, (jsize)size);
  if (clear_exception(jni) || defined == NULL) {
    return 0; /* Already loaded, most likely: the ordinary way got there first. */
  }
  (*jni)->DeleteLocalRef(jni, defined);
  return 1;
}

/* AgentMain.defineClasses(ClassLoader loader, String names): defines each class of names (one
 * space between) in loader; returns how many it defined. */
static jint JNICALL define_classes(JNIEnv *jni, jclass unused, jobject loader, jstring names) {
  (void)unused;
  if (names == NULL) {
    return 0;
  }
  unsigned long size;
  long mapped = map_whole_file(jar_path, MAP_PRIVATE_COPY, MAX_JAR_BYTES, &size);
  if (mapped == 0) {
    return 0;
  }
  struct jar jar = {(const unsigned char *)mapped, size, 0, 0, 0};
  jint count = 0;
  const char *text = find_directory(&jar) ? (*jni)->GetStringUTFChars(jni, names, NULL) : NULL;
  if (text != NULL) {
    const char *token = text;
    for (const char *at = text;; at++) {
      if (*at == ' ' || *at == '\0') {
        if (at > token) {
          count += define_one(jni, &jar, loader, token, (unsigned long)(at - token));
        }
        if (*at == '\0') {
          break;
        }
        token = at + 1;
      }
    }
    (*jni)->ReleaseStringUTFChars(jni, names, text);
  }
  clear_exception(jni);
  system_call(SYS_MUNMAP, mapped, size, 0, 0, 0, 0);
  return count;
}

/* --- The platform MXBeans from the JDK's own factory (Natives.platformBean) ---
 *
 * On JDK 9 and later every public ManagementFactory getter first builds the platform-bean finder:
 * a ServiceLoader pass over the JDK's MBean providers, written with streams and lambdas, that costs
 * an idle app more classes, JIT work and resident memory than all of the agent's own code
 * (docs/performance.md, "Sixth pass"). The beans the finder then hands out are made by
 * sun.management.ManagementFactoryHelper, which java.management does not export to the agent.
 * JNI does not check module access, so this asks the helper directly: the agent gets the very
 * objects ManagementFactory would return (the thread bean excepted, see below). A JDK without the
 * helper or one of its methods gets null here, and PlatformBeans asks ManagementFactory instead.
 * The helper's names are the same on JDK 8 to 25 (PlatformBeansIT runs each). */

#define BEAN_FACTORY "sun/management/ManagementFactoryHelper"
/* The thread bean with HotSpot's extensions (allocated bytes), from jdk.management: the finder
 * makes its own the same way, from the helper's VMManagement. */
#define HOTSPOT_THREAD_BEAN "com/sun/management/internal/HotSpotThreadImpl"

/* The helper's getters, indexed by PlatformBeans' kinds (PlatformBeans.MEMORY and on). The last
 * gives the VMManagement the thread bean is made from. */
static const char *const bean_getters[][2] = {
    {"getMemoryMXBean", "()Ljava/lang/management/MemoryMXBean;"},
    {"getRuntimeMXBean", "()Ljava/lang/management/RuntimeMXBean;"},
    {"getGarbageCollectorMXBeans", "()Ljava/util/List;"},
    {"getMemoryPoolMXBeans", "()Ljava/util/List;"},
    {"getBufferPoolMXBeans", "()Ljava/util/List;"},
    {"getClassLoadingMXBean", "()Ljava/lang/management/ClassLoadingMXBean;"},
    {"getVMManagement", "()Lsun/management/VMManagement;"},
};
#define THREAD_BEAN 6

/* jdk.management's provider, whose class initializer loads libmanagement_ext: the native half of
 * HotSpot's bean extensions (GC notifications, GcInfo). The finder would have initialized it. */
#define HOTSPOT_BEAN_PROVIDER "com/sun/management/internal/PlatformMBeanProviderImpl"

/* Initializes the provider class (GetMethodID initializes the class it searches, JNI spec), not
 * an instance of it: that would build its component list, the finder's work. Absent on JDK 8,
 * whose extensions live in java.management's own library. Once: the agent's one thread asks. */
static int bean_extensions_tried;

static void load_bean_extensions(JNIEnv *jni) {
  if (bean_extensions_tried) {
    return;
  }
  bean_extensions_tried = 1;
  jclass provider = (*jni)->FindClass(jni, HOTSPOT_BEAN_PROVIDER);
  if (provider != NULL) {
    (*jni)->GetMethodID(jni, provider, "<init>", "()V");
    (*jni)->DeleteLocalRef(jni, provider);
  }
  clear_exception(jni);
}

/* Natives.platformBean(int kind): the bean (or list of beans) of that kind, or null. */
static jobject JNICALL platform_bean(JNIEnv *jni, jclass unused, jint kind) {
  (void)unused;
  if (kind < 0 || kind > THREAD_BEAN) {
    return NULL;
  }
  load_bean_extensions(jni);
  jclass factory = (*jni)->FindClass(jni, BEAN_FACTORY);
  jmethodID getter = factory == NULL ? NULL
                                     : (*jni)->GetStaticMethodID(jni, factory, bean_getters[kind][0],
                                                                 bean_getters[kind][1]);
  jobject bean = getter == NULL ? NULL : (*jni)->CallStaticObjectMethod(jni, factory, getter);
  if (bean != NULL && kind == THREAD_BEAN && !(*jni)->ExceptionCheck(jni)) {
    jclass threads = (*jni)->FindClass(jni, HOTSPOT_THREAD_BEAN);
    jmethodID make = threads == NULL ? NULL
                                     : (*jni)->GetMethodID(jni, threads, "<init>",
                                                           "(Lsun/management/VMManagement;)V");
    jobject made = make == NULL ? NULL : (*jni)->NewObject(jni, threads, make, bean);
    (*jni)->DeleteLocalRef(jni, bean);
    bean = made;
  }
  if (clear_exception(jni)) {
    return NULL; /* No such class or method on this JDK, or the helper threw. */
  }
  return bean;
}

/* --- Mapping this JVM's performance-data file (Natives.mapShared) ---
 *
 * FileChannel.map makes its buffer through a reflective constructor; on JDK 18 and later that
 * spins method handles, and JIT-compiling what spins them cost an idle app about 8 MB on Temurin
 * 25 (docs/performance.md, "Sixth pass"). JNI's NewDirectByteBuffer makes the same kind of buffer
 * without. The mappings are remembered so that Natives.unmap releases only what this made. */

/* PerfDataFile.MAX_BYTES: the region is 32 KB by default. */
#define MAX_PERF_DATA_BYTES (64UL << 20)
#define MAX_MAPPINGS 8

static struct {
  unsigned long address;
  unsigned long size;
} mappings[MAX_MAPPINGS];

/* Natives.mapShared(String path): the file mapped read-only and shared (so the JVM's updates show),
 * as a direct ByteBuffer; null if it cannot be, or if MAX_MAPPINGS are already held. */
static jobject JNICALL map_shared(JNIEnv *jni, jclass unused, jstring path) {
  (void)unused;
  int slot = 0;
  while (slot < MAX_MAPPINGS && mappings[slot].address != 0) {
    slot++;
  }
  const char *name = path == NULL || slot == MAX_MAPPINGS
                         ? NULL
                         : (*jni)->GetStringUTFChars(jni, path, NULL);
  if (name == NULL) {
    clear_exception(jni);
    return NULL;
  }
  unsigned long size;
  long mapped = map_whole_file(name, MAP_SHARED_VIEW, MAX_PERF_DATA_BYTES, &size);
  (*jni)->ReleaseStringUTFChars(jni, path, name);
  jobject buffer = mapped == 0 ? NULL : (*jni)->NewDirectByteBuffer(jni, (void *)mapped, (jlong)size);
  if (clear_exception(jni) || buffer == NULL) {
    if (mapped != 0) {
      system_call(SYS_MUNMAP, mapped, (long)size, 0, 0, 0, 0);
    }
    return NULL;
  }
  mappings[slot].address = (unsigned long)mapped;
  mappings[slot].size = size;
  return buffer;
}

/* Natives.unmap(ByteBuffer buffer): releases a mapping map_shared made; anything else is left. */
static void JNICALL unmap(JNIEnv *jni, jclass unused, jobject buffer) {
  (void)unused;
  void *address = buffer == NULL ? NULL : (*jni)->GetDirectBufferAddress(jni, buffer);
  for (int slot = 0; address != NULL && slot < MAX_MAPPINGS; slot++) {
    if (mappings[slot].address == (unsigned long)address) {
      system_call(SYS_MUNMAP, (long)mappings[slot].address, (long)mappings[slot].size, 0, 0, 0, 0);
      mappings[slot].address = 0;
      break;
    }
  }
  clear_exception(jni);
}

/* Registers count methods on a class and, once they are bound, sets its static boolean flag. */
static void bind_flagged(JNIEnv *jni, jclass target, const JNINativeMethod *methods, jint count,
                         const char *flag) {
  if (target != NULL && (*jni)->RegisterNatives(jni, target, methods, count) == JNI_OK) {
    jfieldID field = (*jni)->GetStaticFieldID(jni, target, flag, "Z");
    if (field != NULL) {
      (*jni)->SetStaticBooleanField(jni, target, field, JNI_TRUE);
    }
  }
  clear_exception(jni);
}

/* Binds AgentMain.defineClasses and says so in AgentMain.nativeDefiner, and the methods of
 * platform.Natives and says so in Natives.bound. A jar without them (not this version's) loads its
 * classes the ordinary way, finds its beans through ManagementFactory and maps with FileChannel. */
static void bind_natives(JNIEnv *jni, jclass agent) {
  const JNINativeMethod define[] = {
      {"defineClasses", "(Ljava/lang/ClassLoader;Ljava/lang/String;)I", (void *)define_classes},
  };
  bind_flagged(jni, agent, define, 1, "nativeDefiner");
  const JNINativeMethod platform[] = {
      {"platformBean", "(I)Ljava/lang/Object;", (void *)platform_bean},
      {"mapShared", "(Ljava/lang/String;)Ljava/nio/ByteBuffer;", (void *)map_shared},
      {"unmap", "(Ljava/nio/ByteBuffer;)V", (void *)unmap},
  };
  jclass natives = (*jni)->FindClass(jni, NATIVES_CLASS);
  bind_flagged(jni, natives, platform, (jint)(sizeof platform / sizeof platform[0]), "bound");
}

/* The agent thread: wait, put the jar on the class path, call premain. */
static void JNICALL run_agent(jvmtiEnv *jvmti, JNIEnv *jni, void *unused) {
  (void)unused;
  jrawMonitorID monitor;
  if ((*jvmti)->CreateRawMonitor(jvmti, THREAD_NAME, &monitor) == JVMTI_ERROR_NONE) {
    /* A wait nobody notifies: a sleep made of what JVMTI offers. The return code is ignored:
     * woken early or not, the jar is loaded next. */
    (*jvmti)->RawMonitorEnter(jvmti, monitor);
    (*jvmti)->RawMonitorWait(jvmti, monitor, WAIT_MILLIS);
    (*jvmti)->RawMonitorExit(jvmti, monitor);
    (*jvmti)->DestroyRawMonitor(jvmti, monitor);
  }
  /* Already on the class path (a -javaagent: of it, or a copy among the app's jars), the agent's
   * classes come from there, and the bootstrap defines none from its own jar: the two may differ. */
  jclass reachable = (*jni)->FindClass(jni, AGENT_CLASS);
  int define_from_jar = clear_exception(jni) || reachable == NULL;
  if (reachable != NULL) {
    (*jni)->DeleteLocalRef(jni, reachable);
  }
  jvmtiError error = (*jvmti)->AddToSystemClassLoaderSearch(jvmti, jar_path);
  if (error == JVMTI_ERROR_ILLEGAL_ARGUMENT) {
    warn_unless_exiting(jvmti, "cannot open the agent jar (missing, unreadable or not a jar)");
    return;
  }
  if (error != JVMTI_ERROR_NONE) {
    warn_unless_exiting(jvmti, "the system class loader does not accept the agent jar (a custom"
                               " java.system.class.loader?)");
    return;
  }
  /* With no Java frame on this thread, FindClass uses the system class loader (JNI spec). */
  jclass agent = (*jni)->FindClass(jni, AGENT_CLASS);
  if (clear_exception(jni) || agent == NULL) {
    warn_unless_exiting(jvmti, "the jar has no class dev.jvmmetrics.agent.AgentMain (not this"
                               " project's agent jar?)");
    return;
  }
  if (define_from_jar) {
    bind_natives(jni, agent);
  }
  jmethodID premain = (*jni)->GetStaticMethodID(jni, agent, "premain", "(Ljava/lang/String;)V");
  if (clear_exception(jni) || premain == NULL) {
    warn_unless_exiting(jvmti, "dev.jvmmetrics.agent.AgentMain has no premain(String) (a different"
                               " version of the jar?)");
    return;
  }
  (*jni)->CallStaticVoidMethod(jni, agent, premain, (jstring)NULL);
  if (clear_exception(jni)) {
    warn_unless_exiting(jvmti, "AgentMain.premain threw");
  }
}

/* VMInit, on the main thread before main: start the agent thread and return. */
static void JNICALL on_vm_init(jvmtiEnv *jvmti, JNIEnv *jni, jthread main_thread) {
  (void)main_thread;
  jclass thread_class = (*jni)->FindClass(jni, "java/lang/Thread");
  jmethodID constructor = thread_class == NULL
                              ? NULL
                              : (*jni)->GetMethodID(jni, thread_class, "<init>",
                                                    "(Ljava/lang/String;)V");
  jstring name = constructor == NULL ? NULL : (*jni)->NewStringUTF(jni, THREAD_NAME);
  jobject thread =
      name == NULL ? NULL : (*jni)->NewObject(jni, thread_class, constructor, name);
  if (clear_exception(jni) || thread == NULL) {
    warn("could not create its thread", 0);
    return;
  }
  /* An agent thread is a daemon: it never keeps the JVM from exiting. */
  if ((*jvmti)->RunAgentThread(jvmti, thread, run_agent, NULL, JVMTI_THREAD_NORM_PRIORITY) !=
      JVMTI_ERROR_NONE) {
    warn("could not start its thread", 0);
  }
  (*jni)->DeleteLocalRef(jni, thread);
  (*jni)->DeleteLocalRef(jni, name);
  (*jni)->DeleteLocalRef(jni, thread_class);
}

JNIEXPORT jint JNICALL Agent_OnLoad(JavaVM *vm, char *options, void *reserved) {
  (void)reserved;
  if (loaded) {
    return JNI_OK; /* The same library given twice: the first load does the work. */
  }
  loaded = 1;
  if (options == 0 || options[0] == '\0') {
    warn("no agent jar given; use -agentpath:<bootstrap>=<absolute path of jvm-metrics-agent.jar>",
         0);
    return JNI_OK;
  }
  unsigned long length = 0;
  while (options[length] != '\0' && length < MAX_JAR_PATH - 1) {
    jar_path[length] = options[length];
    length++;
  }
  jar_path[length] = '\0';
  if (options[length] != '\0') {
    warn("the agent jar's path is too long", 0);
    return JNI_OK;
  }
  jvmtiEnv *jvmti = 0;
  if ((*vm)->GetEnv(vm, (void **)&jvmti, JVMTI_VERSION_1_1) != JNI_OK || jvmti == 0) {
    warn("this JVM offers no JVMTI 1.1", 0);
    return JNI_OK;
  }
  /* No capabilities are asked for: VMInit, agent threads and class path search need none, and a
   * capability could cost the JVM optimisations or CDS. */
  callbacks.VMInit = on_vm_init;
  if ((*jvmti)->SetEventCallbacks(jvmti, &callbacks, (jint)sizeof callbacks) != JVMTI_ERROR_NONE ||
      (*jvmti)->SetEventNotificationMode(jvmti, JVMTI_ENABLE, JVMTI_EVENT_VM_INIT, NULL) !=
          JVMTI_ERROR_NONE) {
    warn("JVMTI refused the VMInit event", 0);
  }
  return JNI_OK;
}
