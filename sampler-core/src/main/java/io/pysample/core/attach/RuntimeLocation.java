package io.pysample.core.attach;

/**
 * Where {@code _PyRuntime} lives in a target.
 *
 * @param address runtime address of {@code _PyRuntime} (= of its {@code _Py_DebugOffsets})
 * @param file the mapped file that holds it (executable or {@code libpython*.so})
 * @param method how it was found: {@code section} ({@code .PyRuntime}), {@code symbol} ({@code _PyRuntime}),
 *     or {@code cookie-scan}
 */
public record RuntimeLocation(long address, String file, String method) {
}
