package io.pysample.agent.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgentServiceNamesTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "python app.py | app",
        "/usr/bin/python3.14 -u /srv/web/app.py --port 80 | app",
        "python -m pkg.mod arg | pkg.mod",
        "python3 -mhttp.server 8000 | http.server",
        "python3 -X dev -W ignore worker.py | worker",
        "python3.13 -OO -B -- tool.pyz | tool",
        "python3 /srv/pkg/__main__.py | pkg",
        "python3 -c import time | python3",
        "python3 | python3",
        "/venv/bin/gunicorn app:app -w 4 | gunicorn",
        "python3.13t script.pyw | script",
        "'' | python",
    })
    void derivesTheScriptOrModule(String commandLine, String service) {
        assertThat(ServiceNames.derive(commandLine)).isEqualTo(service);
    }
}
