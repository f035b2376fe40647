package io.switchboard.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens MariaDB connections through the driver class itself: DriverManager ignores drivers that another class
 * loader (Maven's exec plugin, a test framework) loaded.
 */
public final class Jdbc {

    private Jdbc() {}

    public static Connection connect(String url, String user, String password) throws SQLException {
        var properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        Connection connection = new org.mariadb.jdbc.Driver().connect(url, properties);
        if (connection == null) {
            throw new SQLException("Not a MariaDB URL: " + url);
        }
        return connection;
    }
}
