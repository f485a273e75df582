/** The start-up bench's app: the smallest real program. */
public final class Hello {
  private Hello() {}

  public static void main(String[] args) {
    System.out.println("Hello, world");
  }
}
