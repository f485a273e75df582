import io.javalin.Javalin;

/** The framework bench's app: Javalin (Jetty underneath) answering GET / on the port given. */
public final class JavalinHello {
  private JavalinHello() {}

  public static void main(String[] args) {
    Javalin.create().get("/", ctx -> ctx.result("ok")).start("127.0.0.1", Integer.parseInt(args[0]));
  }
}
