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
 * AgentMain.premain, exactly what the JVM calls for -javaagent.
 *
 * Rules it keeps:
 * - It never stops a JVM. Agent_OnLoad always returns JNI_OK (anything else aborts the JVM) and
 *   every failure is at most one line on stderr, in the agent's logfmt, after which the JVM runs
 *   on without the agent.
 * - Loaded twice (the option given twice), the second load does nothing. Loaded beside
 *   -javaagent with the same jar, both routes reach the same AgentMain class in the system class
 *   loader, and AgentMain starts its thread once.
 * - It links nothing: no libc, no libdl, no libpthread (-nostdlib, checked by `readelf -d`), so it
 *   loads beside any glibc or musl. The one thing libc would give, writing a line, is a raw
 *   write(2) system call. The JVM's own functions come through the JVMTI and JNI tables.
 */
#include <jvmti.h>

/* How long the agent thread waits before touching the jar: the Java agent's own first wait
 * (AgentMain.MIN_INTERVAL_MILLIS), so short-lived JVMs never pay for loading it. */
#define WAIT_MILLIS 100

/* Longer jar paths are refused with a line rather than cut. */
#define MAX_JAR_PATH 4096

#define AGENT_CLASS "dev/jvmmetrics/agent/AgentMain"
#define THREAD_NAME "jvm-metrics-agent-bootstrap"

static char jar_path[MAX_JAR_PATH];
static int loaded;
/* The VMInit callback table; static so that it starts zeroed without a call to memset. */
static jvmtiEventCallbacks callbacks;

/* The bootstrap is built and tested for x86_64 only; every other architecture (arm64 dynos
 * included) loads the agent as a -javaagent, which the scripts choose from `uname -m`
 * (docs/bootstrap.md says what that costs). A port would need its own write(2) below, a build
 * and the bootstrap's tests run on that architecture. */
#if !defined(__x86_64__)
#error "the native bootstrap is x86_64 only: other architectures load the agent as a -javaagent"
#endif

/* write(2) to stderr, without libc. Returns what the kernel returned (ignored: if stderr is
 * closed there is nobody to tell). */
static long write_stderr(const char *bytes, unsigned long length) {
  long result;
  __asm__ volatile("syscall"
                   : "=a"(result)
                   : "a"(1L), "D"(2L), "S"(bytes), "d"(length)
                   : "rcx", "r11", "memory");
  return result;
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

/* Clears a pending Java exception; returns 1 if there was one. */
static int clear_exception(JNIEnv *jni) {
  if (!(*jni)->ExceptionCheck(jni)) {
    return 0;
  }
  (*jni)->ExceptionClear(jni);
  return 1;
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
